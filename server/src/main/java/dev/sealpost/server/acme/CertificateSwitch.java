package dev.sealpost.server.acme;

/**
 * Puts the certificate files into service after they changed: loads and checks them and swaps them in
 * for new handshakes. Implemented by the server's certificate reloader.
 */
public interface CertificateSwitch {

  /**
   * Called after ACME wrote a certificate whose names it checked against its configuration.
   *
   * @return what happened, for logs and the admin
   * @throws RuntimeException with the reason when the files are refused; the certificate in use stays
   */
  String reload(String why);
}
