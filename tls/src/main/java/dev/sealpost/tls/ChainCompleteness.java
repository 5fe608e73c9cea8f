package dev.sealpost.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Whether a certificate file carries the whole chain up to a root that clients know: the most common
 * chain mistake is a leaf alone (or leaf and root) without the intermediate, which browsers paper over
 * by fetching it and mail clients do not.
 */
public final class ChainCompleteness {
  private ChainCompleteness() {}

  /**
   * The problem with {@code chain}, if any: its last certificate is neither a root nor issued by a root
   * of the JDK's trust store or of {@code localCa} (a private CA the server's own clients trust, such as
   * dev mode's tls/ca.pem).
   */
  public static Optional<String> missingIssuer(List<X509Certificate> chain, Optional<Path> localCa) {
    return missingIssuer(chain, localCa.filter(Files::isReadable).map(PemKeyMaterialLoader::loadCertificates)
        .orElse(List.of()));
  }

  /** The same with extra roots given as certificates. */
  public static Optional<String> missingIssuer(List<X509Certificate> chain, List<X509Certificate> extraRoots) {
    X509Certificate last = chain.getLast();
    if (last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
      return Optional.empty(); // ends with a root (sending it is harmless)
    }
    List<X509Certificate> anchors = new ArrayList<>(jdkRoots());
    anchors.addAll(extraRoots);
    for (X509Certificate anchor : anchors) {
      if (anchor.getSubjectX500Principal().equals(last.getIssuerX500Principal()) && signedBy(last, anchor)) {
        return Optional.empty();
      }
    }
    return Optional.of("the chain ends with " + last.getSubjectX500Principal().getName() + ", issued by "
        + last.getIssuerX500Principal().getName() + ", which is neither in the file nor a root this machine"
        + " trusts: clients that do not have it cannot build the path; append the missing intermediate"
        + " certificate(s) after the leaf");
  }

  private static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
    try {
      cert.verify(issuer.getPublicKey());
      return true;
    } catch (java.security.GeneralSecurityException e) {
      return false;
    }
  }

  private static List<X509Certificate> jdkRoots() {
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init((KeyStore) null);
      List<X509Certificate> roots = new ArrayList<>();
      for (var tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          roots.addAll(List.of(x.getAcceptedIssuers()));
        }
      }
      return roots;
    } catch (java.security.GeneralSecurityException e) {
      return List.of();
    }
  }
}
