/** The only source of "now" in Paceline; tests move a SettableClock instead of sleeping. */
export interface Clock {
  now(): Date;
}

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

export class SettableClock implements Clock {
  #ms: number;

  constructor(start: Date | string) {
    this.#ms = new Date(start).getTime();
    if (Number.isNaN(this.#ms)) throw new RangeError(`SettableClock: invalid start instant ${String(start)}`);
  }

  now(): Date {
    return new Date(this.#ms);
  }

  set(instant: Date | string): void {
    const ms = new Date(instant).getTime();
    if (Number.isNaN(ms)) throw new RangeError(`SettableClock: invalid instant ${String(instant)}`);
    this.#ms = ms;
  }

  advance(ms: number): void {
    this.#ms += ms;
  }
}
