// The channel interface is defined by the core (channels depend on it, never the other way);
// adapters import it from here.
export * from '../core/channel.ts';
