package dev.sealpost.server.auth;

/** The users file cannot be read, parsed, changed or written; the message names the file (and line). */
public final class UsersFileException extends RuntimeException {

  public UsersFileException(String message) {
    super(message);
  }

  public UsersFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
