package dev.sealpost.server.control;

/** A control request that cannot be done; the message goes back to the client after "error ". */
public final class ControlException extends Exception {

  public ControlException(String message) {
    super(message);
  }
}
