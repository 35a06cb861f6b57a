/**
 * Talk's microphone capture, run on the audio thread: the page's AudioContext runs at 16 kHz, so
 * each block of input is already at the call's rate; it is turned into 16-bit PCM and handed to the
 * page in 20 ms frames (320 samples), the frame a carrier's media stream carries.
 */
/* global AudioWorkletProcessor, registerProcessor */
const FRAME_SAMPLES = 320;

class TalkCapture extends AudioWorkletProcessor {
  constructor() {
    super();
    this.frame = new Int16Array(FRAME_SAMPLES);
    this.filled = 0;
  }

  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (!channel) return true;
    for (let index = 0; index < channel.length; index += 1) {
      const sample = Math.max(-1, Math.min(1, channel[index]));
      this.frame[this.filled] = sample < 0 ? sample * 0x8000 : sample * 0x7fff;
      this.filled += 1;
      if (this.filled === FRAME_SAMPLES) {
        this.port.postMessage(this.frame.buffer, [this.frame.buffer]);
        this.frame = new Int16Array(FRAME_SAMPLES);
        this.filled = 0;
      }
    }
    return true;
  }
}

registerProcessor('talk-capture', TalkCapture);
