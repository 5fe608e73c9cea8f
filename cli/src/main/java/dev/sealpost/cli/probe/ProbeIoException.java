package dev.sealpost.cli.probe;

/** A probing connection failed; the message says how, in words an administrator can act on. */
class ProbeIoException extends RuntimeException {
  ProbeIoException(String message) {
    super(message);
  }
}

/** The TCP connection itself could not be made. */
final class ProbeConnectException extends ProbeIoException {
  ProbeConnectException(String message) {
    super(message);
  }
}
