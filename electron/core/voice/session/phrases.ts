/** The few lines the agent says without the LLM: checking a silent line, apologising for a fault, the time limit, holding while a tool runs. */

/** Fixed lines in one language. */
export interface ClosingLines {
  readonly stillThere: string;
  readonly silentGoodbye: string;
  readonly apology: string;
  readonly timeLimit: string;
  /** Said while a tool runs when the model said nothing before calling it. */
  readonly holdOn: string;
}

const LINES: Readonly<Record<'en' | 'hi', ClosingLines>> = {
  en: {
    stillThere: 'Hello, are you still there?',
    silentGoodbye: "I can't hear you, so I'll let you go. Goodbye.",
    apology: "I'm sorry, we're having a technical problem on our side. We'll call you back. Goodbye.",
    timeLimit: "I'm afraid we're out of time for today. We'll follow up with you. Goodbye.",
    holdOn: 'One moment, please.',
  },
  hi: {
    stillThere: 'नमस्ते, क्या आप लाइन पर हैं?',
    silentGoodbye: 'आपकी आवाज़ नहीं आ रही है, मैं कॉल रखती हूँ। धन्यवाद।',
    // Devanagari takes three bytes a letter: each sentence on its own line.
    // prettier-ignore
    apology:
      'माफ़ कीजिए, हमारी तरफ़ तकनीकी समस्या है। ' +
      'हम आपको दोबारा कॉल करेंगे। धन्यवाद।',
    // prettier-ignore
    timeLimit:
      'आज के लिए हमारा समय पूरा हो गया है। ' +
      'हम आपसे फिर संपर्क करेंगे। धन्यवाद।',
    holdOn: 'एक क्षण रुकिए।',
  },
};

/** The fixed lines for a language. */
export function closingLines(language: 'en' | 'hi'): ClosingLines {
  return LINES[language];
}
