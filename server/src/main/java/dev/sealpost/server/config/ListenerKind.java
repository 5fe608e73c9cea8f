package dev.sealpost.server.config;

/** The three SMTP services (RFC 8314 for submissions, RFC 6409 for submission, RFC 5321 for MX). */
public enum ListenerKind {
  /** Port 465: implicit TLS, AUTH required before MAIL (RFC 8314 §3.3). */
  SUBMISSIONS,
  /** Port 587: STARTTLS required before anything but EHLO/HELO/STARTTLS/NOOP/RSET/QUIT; AUTH required. */
  SUBMISSION,
  /** Port 25: mail for our own domains from other servers; STARTTLS offered, AUTH never. */
  SMTP;

  /** True where mail is submitted by our own users, who must authenticate (RFC 6409 §4.3). */
  public boolean requiresAuth() {
    return this != SMTP;
  }

  /** True where the connection starts with the TLS handshake. */
  public boolean implicitTls() {
    return this == SUBMISSIONS;
  }

  /** True where clear-text commands other than the few of RFC 3207 §4 are refused until STARTTLS. */
  public boolean requiresStartTls() {
    return this == SUBMISSION;
  }

  public String configName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
