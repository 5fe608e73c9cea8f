package dev.sealpost.mailauth.spf;

import java.util.Locale;

/** The results of check_host() (RFC 7208 §2.6), named as Received-SPF and Authentication-Results write them. */
public enum SpfResult {
  NONE, NEUTRAL, PASS, FAIL, SOFTFAIL, TEMPERROR, PERMERROR;

  /** "pass", "softfail", ... */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }
}
