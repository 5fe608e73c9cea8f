package dev.sealpost.server;

/** The server refuses to start; the message says why in terms an administrator can act on. */
public final class StartupException extends RuntimeException {
  public StartupException(String message) {
    super(message);
  }

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
