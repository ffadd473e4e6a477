// Bodies that differ only in their event ids, made cheaply per request: a body is built once with
// placeholders where the ids go, split there, and each request joins the pieces with fresh ids.
// The load generator shares the cores with the server, so it must not spend them building JSON.

const PLACEHOLDER = "ffffffffffffffffffffffffffffffff";

/** Splits `body` (containing PLACEHOLDER once per event id) into the pieces between ids. */
// One counter for every body of the process: two body shapes must never hand out the same id.
let idsHandedOut = 0;
// Ids of different bench runs on the same database never meet: the run's start in the high digits.
const RUN_PREFIX = Date.now().toString(16).padStart(12, "0").slice(-12);

export class UniqueIdBodies {
  private readonly pieces: string[];

  /**
   * `build(placeholder)` makes one body, with `placeholder` wherever a unique id goes; with
   * `oneIdPerBody` every place in a body gets the same id (an envelope names its event twice).
   */
  constructor(
    build: (placeholder: string) => string,
    private readonly options: { oneIdPerBody?: boolean } = {},
  ) {
    this.pieces = build(PLACEHOLDER).split(PLACEHOLDER);
    if (this.pieces.length < 2) throw new Error("the body has no place for an event id");
  }

  /** How many ids one body carries. */
  get idsPerBody(): number {
    return this.options.oneIdPerBody ? 1 : this.pieces.length - 1;
  }

  /** 32 hex digits, unique within this process's run. */
  nextId(): string {
    return RUN_PREFIX + (idsHandedOut++).toString(16).padStart(20, "0");
  }

  next(): string {
    let body = this.pieces[0];
    const shared = this.options.oneIdPerBody ? this.nextId() : null;
    for (let i = 1; i < this.pieces.length; i++) body += (shared ?? this.nextId()) + this.pieces[i];
    return body;
  }
}
