package dev.sealpost.tls;

/** A certificate or key file cannot be used; the message names the file and what is wrong with it. */
public final class KeyMaterialException extends RuntimeException {

  public KeyMaterialException(String message) {
    super(message);
  }

  public KeyMaterialException(String message, Throwable cause) {
    super(message, cause);
  }
}
