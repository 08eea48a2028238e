import type { Dispatcher } from '../../app/api/dispatcher';
import { createSession, type ClientMessage, type ServerMessage, type Session } from '../../app/api/protocol';
import type { ConnectionState, Transport } from '../../renderer/src/api/transport';

/**
 * An in-memory transport wired to the real protocol session (app/api/protocol) with a scripted dispatcher:
 * the client under test speaks the actual wire protocol, asynchronously, as over IPC or a WebSocket.
 */
export class InMemoryTransport implements Transport {
  readonly sent: ClientMessage[] = [];
  private session: Session | null = null;
  private readonly messageListeners = new Set<(msg: ServerMessage) => void>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private current: ConnectionState;

  constructor(
    private readonly dispatcher: Dispatcher,
    initial: ConnectionState['status'] = 'open',
  ) {
    this.current = { status: initial, failures: 0, opens: initial === 'open' ? 1 : 0 };
    if (initial === 'open') this.session = this.newSession();
  }

  private newSession(): Session {
    const session: Session = createSession(this.dispatcher, (msg) => {
      // Copy and deliver later, like a real channel: no shared objects, no synchronous re-entry,
      // and nothing arrives over a connection that has since dropped.
      const copy = structuredClone(msg);
      setTimeout(() => {
        if (this.session !== session) return;
        for (const cb of [...this.messageListeners]) cb(copy);
      }, 0);
    });
    return session;
  }

  get state(): ConnectionState {
    return this.current;
  }

  send(msg: ClientMessage): void {
    if (this.current.status !== 'open' || !this.session) throw new Error('not open');
    this.sent.push(structuredClone(msg));
    const session = this.session;
    const copy = structuredClone(msg);
    setTimeout(() => session.handle(copy), 0);
  }

  /** Lets a test deliver any message, including malformed ones a broken host might send. */
  deliver(msg: unknown): void {
    for (const cb of [...this.messageListeners]) cb(msg as ServerMessage);
  }

  onMessage(cb: (msg: ServerMessage) => void): () => void {
    this.messageListeners.add(cb);
    return () => this.messageListeners.delete(cb);
  }

  onStateChange(cb: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(cb);
    return () => this.stateListeners.delete(cb);
  }

  private setState(state: ConnectionState): void {
    this.current = state;
    for (const cb of [...this.stateListeners]) cb(state);
  }

  open(): void {
    this.session = this.newSession();
    this.setState({ status: 'open', failures: 0, opens: this.current.opens + 1 });
  }

  /** The connection drops: the host side closes the session, cancelling what was in flight. */
  drop(): void {
    this.session?.close();
    this.session = null;
    this.setState({ status: 'closed', failures: this.current.failures + 1, opens: this.current.opens, retryAt: Date.now() + 500 });
  }

  reconnectNow(): void {
    this.open();
  }

  closed = false;
  close(): void {
    this.closed = true;
    this.session?.close();
    this.session = null;
    this.setState({ status: 'closed', failures: 0, opens: this.current.opens });
  }
}
