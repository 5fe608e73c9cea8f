package dev.sealpost.server.auth;

/** Checks a password against a stored hash; a seam so tests can count or stall the expensive part. */
@FunctionalInterface
interface PasswordVerifier {
  /**
   * @throws IllegalArgumentException if {@code storedHash} is malformed or has refused parameters
   */
  boolean verify(char[] password, String storedHash);
}
