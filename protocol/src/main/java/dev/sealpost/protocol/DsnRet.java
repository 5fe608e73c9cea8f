package dev.sealpost.protocol;

/** The RET= MAIL parameter of RFC 3461 §4.3: return the full message, or its headers, in a DSN. */
public enum DsnRet {
  FULL,
  HDRS
}
