/** Descriptors of the messaging and carrier providers: Twilio, Exotel, Resend, SendGrid. */
import type { ProviderDescriptor } from '../types';

/** E.164: a plus, a country code that never starts with 0, up to 15 digits in all. */
const E164 = '^\\+[1-9][0-9]{6,14}$';
/** A plain address check; the provider decides the rest when it sends. */
const EMAIL = '^[^\\s@<>"]+@[^\\s@<>"]+\\.[^\\s@<>"]{2,}$';

/** Twilio: SMS and the voice carrier. */
export const twilio: ProviderDescriptor = {
  id: 'twilio',
  name: 'Twilio',
  description: 'SMS, WhatsApp and voice calls over a global carrier network.',
  category: 'SMS & Voice',
  capabilities: ['sms', 'voice-carrier'],
  fields: [
    { name: 'accountSid', label: 'Account SID', secret: false, required: true, pattern: '^AC[0-9a-fA-F]{32}$', example: 'AC00000000000000000000000000000000', help: 'Shown under Account Info on the Twilio Console home page; starts with AC.' },
    { name: 'authToken', label: 'Auth Token', secret: true, required: true, pattern: '^[0-9a-fA-F]{32}$', example: '0000000000000000000000000000abcd', help: 'Next to the Account SID; click to reveal it. 32 hexadecimal characters.' },
    { name: 'phoneNumber', label: 'Phone number', secret: false, required: false, pattern: E164, example: '+15005550006', help: 'A number this account owns, in international format (+ and country code). Used as the sender.' },
    { name: 'messagingServiceSid', label: 'Messaging Service SID', secret: false, required: false, pattern: '^MG[0-9a-fA-F]{32}$', example: 'MG00000000000000000000000000000000', help: 'Optional: send through a Messaging Service (number pool, A2P 10DLC) instead of one number.' },
  ],
  steps: [
    { text: 'Sign in to the Twilio Console (a trial account includes free credit).', url: 'https://console.twilio.com/' },
    { text: 'Copy the Account SID and Auth Token from Account Info on the home page.', url: 'https://console.twilio.com/' },
    { text: 'Buy or pick an SMS- and voice-capable number under Phone Numbers → Active numbers.', url: 'https://console.twilio.com/us1/develop/phone-numbers/manage/incoming' },
    { text: 'Optionally create a Messaging Service and copy its MG… SID.', url: 'https://console.twilio.com/us1/develop/sms/services' },
  ],
  keyUrl: 'https://console.twilio.com/',
  docsUrl: 'https://www.twilio.com/docs/usage/api',
  pricing: 'From $0.0079 per US SMS and $0.014 per outbound US voice minute; numbers from $1.15/month.',
  freeTier: 'Trial credit on sign-up; trial accounts can only reach verified numbers.',
  setupMinutes: 5,
  difficulty: 'medium',
  benefits: ['Reaches almost every country', 'SMS and voice from the same number', 'Delivery receipts for every message'],
  requiredFor: ['SMS campaigns', 'Voice campaigns (carrier, or Exotel)'],
  popular: true,
  unitPrices: { messages: 0.0079, minutes: 0.014 },
  monthlyBase: 1.15,
  checkSummary: 'Reads the account (status, Trial or Full) and confirms the phone number belongs to it and can send SMS and make calls.',
};

/** Exotel: SMS and the voice carrier for India and South-East Asia. */
export const exotel: ProviderDescriptor = {
  id: 'exotel',
  name: 'Exotel',
  description: 'Cloud telephony and SMS for India and South-East Asia, with DND-aware calling.',
  category: 'SMS & Voice',
  capabilities: ['sms', 'voice-carrier'],
  fields: [
    { name: 'sid', label: 'Account SID', secret: false, required: true, pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{1,63}$', example: 'example_agency1', help: 'Your Exotel account SID, shown on the API settings page (often your company name).' },
    { name: 'apiKey', label: 'API key', secret: false, required: true, pattern: '^[A-Za-z0-9]{16,80}$', example: '0000000000example0000000000000000000000000', help: 'The API key (user name) from API settings.' },
    { name: 'apiToken', label: 'API token', secret: true, required: true, pattern: '^[A-Za-z0-9]{16,80}$', example: '0000000000example0000000000000000000000000', help: 'The API token (password) from API settings.' },
    { name: 'phoneNumber', label: 'ExoPhone', secret: false, required: false, pattern: '^\\+?[0-9]{6,15}$', example: '+918000000000', help: 'The virtual number (ExoPhone) calls are placed and SMS are sent from.' },
    { name: 'region', label: 'Cluster', secret: false, required: false, choices: ['in', 'sg'], example: 'in', help: '"in" for the Mumbai cluster (api.in.exotel.com), "sg" for Singapore (api.exotel.com, the default).' },
  ],
  steps: [
    { text: 'Sign in to Exotel and open Settings → API settings.', url: 'https://my.exotel.com/apisettings/site#api-credentials' },
    { text: 'Copy the Account SID, API key and API token.', url: 'https://my.exotel.com/apisettings/site#api-credentials' },
    { text: 'Note the cluster your account lives in (Mumbai or Singapore) from the API subdomain shown there.' },
    { text: 'Copy the ExoPhone you will call and send SMS from under ExoPhones.', url: 'https://my.exotel.com/' },
  ],
  keyUrl: 'https://my.exotel.com/apisettings/site#api-credentials',
  docsUrl: 'https://developer.exotel.com/api/',
  pricing: 'Prepaid plans; outbound calls in India from about ₹0.60–1 per minute, SMS from about ₹0.20 each (estimate).',
  freeTier: 'Free trial with a small call credit.',
  setupMinutes: 10,
  difficulty: 'medium',
  benefits: ['Indian numbers and local call rates', 'Handles NCPR/DND compliance for Indian numbers', 'Bidirectional audio streaming for voice bots'],
  requiredFor: ['SMS campaigns (alternative to Twilio)', 'Voice campaigns (carrier, or Twilio)'],
  popular: false,
  // Rough INR list prices in US dollars, for estimates only: Exotel quotes per plan.
  unitPrices: { minutes: 0.012, messages: 0.0025 },
  monthlyBase: 0,
  checkSummary: 'Calls the account API with the API key and token on the chosen cluster and confirms the ExoPhone belongs to the account.',
};

/** Resend: transactional and campaign email. */
export const resend: ProviderDescriptor = {
  id: 'resend',
  name: 'Resend',
  description: 'A modern email API with verified sending domains.',
  category: 'Email',
  capabilities: ['email'],
  fields: [
    { name: 'apiKey', label: 'API key', secret: true, required: true, pattern: '^re_[A-Za-z0-9_-]{8,}$', example: 're_EXAMPLE_0000000000000000000000', help: 'Create one under API Keys; "Sending access" is enough to send, "Full access" also lets Switchboard check your domain.' },
    { name: 'fromEmail', label: 'From address', secret: false, required: false, pattern: EMAIL, example: 'hello@example.com', help: 'The sender address; its domain must be verified in Resend.' },
  ],
  steps: [
    { text: 'Sign in to Resend and add your sending domain under Domains.', url: 'https://resend.com/domains' },
    { text: 'Add the DNS records Resend shows and wait for the domain to show Verified.', url: 'https://resend.com/domains' },
    { text: 'Create an API key under API Keys (Full access lets Switchboard check the domain).', url: 'https://resend.com/api-keys' },
    { text: 'Paste the key (it is shown only once) and the from address.' },
  ],
  keyUrl: 'https://resend.com/api-keys',
  docsUrl: 'https://resend.com/docs/api-reference/introduction',
  pricing: 'Free up to 3,000 emails/month, then from $20/month for 50,000 (about $0.001 per email beyond).',
  freeTier: '3,000 emails per month (100 per day), forever.',
  setupMinutes: 3,
  difficulty: 'easy',
  benefits: ['Simple, fast API', 'Batch sending with idempotency keys', 'Clear domain verification status'],
  requiredFor: ['Email campaigns'],
  popular: true,
  unitPrices: { messages: 0.001 },
  monthlyBase: 0,
  checkSummary: 'Lists the account\'s domains and confirms the from-address domain is verified (a sending-only key is accepted with a warning).',
};

/** SendGrid: email at volume. */
export const sendgrid: ProviderDescriptor = {
  id: 'sendgrid',
  name: 'SendGrid',
  description: 'High-volume email delivery from Twilio.',
  category: 'Email',
  capabilities: ['email'],
  fields: [
    { name: 'apiKey', label: 'API key', secret: true, required: true, pattern: '^SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{30,}$', example: 'SG.EXAMPLE0000000000000000.EXAMPLE000000000000000000000000000000000000', help: 'Create one under Settings → API Keys with at least Mail Send access.' },
    { name: 'fromEmail', label: 'From address', secret: false, required: false, pattern: EMAIL, example: 'hello@example.com', help: 'A verified single sender or an address on an authenticated domain.' },
  ],
  steps: [
    { text: 'Sign in to SendGrid and authenticate your domain (or verify a single sender).', url: 'https://app.sendgrid.com/settings/sender_auth' },
    { text: 'Open Settings → API Keys and click Create API Key.', url: 'https://app.sendgrid.com/settings/api_keys' },
    { text: 'Choose Restricted Access with Mail Send on, or Full Access.' },
    { text: 'Copy the key (it is shown only once) and paste it here.' },
  ],
  keyUrl: 'https://app.sendgrid.com/settings/api_keys',
  docsUrl: 'https://www.twilio.com/docs/sendgrid/api-reference',
  pricing: 'Free tier, then Essentials from $19.95/month.',
  freeTier: '100 emails per day on the free plan.',
  setupMinutes: 3,
  difficulty: 'easy',
  benefits: ['Built for high volume', 'Dedicated IPs on higher plans', 'Detailed deliverability statistics'],
  requiredFor: ['Email campaigns (alternative to Resend)'],
  popular: true,
  unitPrices: { messages: 0.0004 },
  monthlyBase: 0,
  checkSummary: 'Reads the key\'s scopes and confirms it may send mail (mail.send).',
};
