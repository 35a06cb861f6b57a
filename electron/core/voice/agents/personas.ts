/** The persona catalog for the core (it lives in shared/ so the console can show it too). */
export { PERSONAS, closestPersona, defaultPersona, findPersona, personaById, type Persona } from '../../../../shared/voice-agents';
