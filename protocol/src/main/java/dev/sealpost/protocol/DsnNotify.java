package dev.sealpost.protocol;

/** A value of the NOTIFY= RCPT parameter of RFC 3461 §4.1; NEVER excludes the others. */
public enum DsnNotify {
  NEVER,
  SUCCESS,
  FAILURE,
  DELAY
}
