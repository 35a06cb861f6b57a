/** Every carrier a call can go through, by id: a new carrier is one folder beside this file and one entry here. */
import type { CarrierId } from '../types';
import type { Carrier } from './carrier';
import { exotelCarrier } from './exotel/carrier';
import { twilioCarrier } from './twilio/carrier';

/** The carriers, by id. */
export const CARRIERS: Readonly<Record<CarrierId, Carrier>> = { twilio: twilioCarrier, exotel: exotelCarrier };
