package dev.sealpost.mailauth.dkim;

/** A DKIM-Signature field or key record that does not follow RFC 6376: a permerror for that signature. */
public final class DkimSyntaxException extends Exception {

  public DkimSyntaxException(String message) {
    super(message);
  }
}
