package dev.sealpost.client;

import dev.sealpost.tls.HostnameMatcher;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Checks the server certificate as the {@link CertificateCheck} says. PKIX: in a fixed order, so that each
 * problem has its own reason: validity dates, then trust (pin, or a chain to a trusted CA; self-signed
 * told apart), then the host name. The JDK's own host name check is not used because it cannot say which
 * rule failed; ours follows {@link HostnameMatcher}. No authentication: any certificate. DANE: see
 * {@link DaneVerifier}. The host name is the one given to the socket, read back from the handshake session,
 * so one instance serves every connection of a client. {@link #evidence} repeats the checks after the
 * handshake (they are pure) to say what passed, including what would have passed when nothing was required.
 */
final class VerifyingTrustManager extends X509ExtendedTrustManager {

  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  private final List<X509TrustManager> anchors;
  private final List<CertificatePin> pins;
  private final CertificateCheck check;
  private final Clock clock;

  VerifyingTrustManager(List<X509TrustManager> anchors, List<CertificatePin> pins, CertificateCheck check,
      Clock clock) {
    this.anchors = List.copyOf(anchors);
    this.pins = List.copyOf(pins);
    this.check = check;
    this.clock = clock;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    verify(chain, authType, ((SSLSocket) socket).getHandshakeSession().getPeerHost());
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    verify(chain, authType, engine.getPeerHost());
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("a host name is needed to verify a server certificate");
  }

  void verify(X509Certificate[] chain, String authType, String host) throws CertificateException {
    if (chain == null || chain.length == 0 || host == null) {
      throw new CertificateRejection(TlsException.Reason.UNTRUSTED_CHAIN, "server sent no certificate", null);
    }
    switch (check) {
      case CertificateCheck.Pkix p -> verifyPkix(chain, authType, host);
      case CertificateCheck.None n -> { } // RFC 7435: any certificate; the evidence says it was not verified
      case CertificateCheck.Dane d -> {
        if (d.authenticates()) {
          DaneVerifier.verify(chain, d, clock.instant());
        } // else RFC 7672 §2.2: only unusable records, so TLS is mandatory but unauthenticated
      }
    }
  }

  /** What authenticated the server presenting {@code chain}, and what else its certificate would pass. */
  TlsEvidence.Established evidence(String protocol, String cipherSuite, X509Certificate[] chain, String host) {
    X509Certificate leaf = chain[0];
    TlsEvidence.Authentication authentication = TlsEvidence.Authentication.NONE;
    Optional<String> verifiedName = Optional.empty();
    Optional<TlsaAssociation> daneMatch = Optional.empty();
    List<String> names = List.of(host);
    boolean chainTrusted;
    switch (check) {
      case CertificateCheck.Pkix p -> {
        authentication = pins.isEmpty() ? TlsEvidence.Authentication.PKIX : TlsEvidence.Authentication.PINNED;
        verifiedName = Optional.of(host);
        chainTrusted = pins.isEmpty(); // with pins the chain is not checked
      }
      case CertificateCheck.None n -> chainTrusted = anchorsTrust(chain);
      case CertificateCheck.Dane d -> {
        names = d.referenceIdentifiers();
        chainTrusted = anchorsTrust(chain);
        Optional<DaneVerifier.Match> match = d.authenticates()
            ? DaneVerifier.find(chain, d, clock.instant(), new ArrayList<>()) : Optional.empty();
        if (match.isPresent()) {
          authentication = match.get().authentication();
          verifiedName = match.get().name();
          daneMatch = Optional.of(match.get().record());
        }
      }
    }
    boolean nameMatches = names.stream().anyMatch(n -> HostnameMatcher.matches(leaf, n));
    return new TlsEvidence.Established(protocol, cipherSuite, leaf.getSubjectX500Principal().getName(),
        CertificatePin.fingerprint(leaf), leaf.getNotAfter().toInstant(), authentication, verifiedName, chainTrusted,
        nameMatches, daneMatch);
  }

  /** Whether a trusted CA vouches for the chain, dates included; "UNKNOWN" skips the key-exchange usage checks. */
  private boolean anchorsTrust(X509Certificate[] chain) {
    for (X509TrustManager anchor : anchors) {
      try {
        anchor.checkServerTrusted(chain, "UNKNOWN");
        return true;
      } catch (CertificateException | RuntimeException e) {
        // not this one
      }
    }
    return false;
  }

  private void verifyPkix(X509Certificate[] chain, String authType, String host) throws CertificateException {
    X509Certificate leaf = chain[0];
    Instant now = clock.instant();
    if (leaf.getNotAfter().toInstant().isBefore(now)) {
      throw reject(TlsException.Reason.EXPIRED, "certificate for " + host + " expired on "
          + DATE.format(leaf.getNotAfter().toInstant()) + " (" + subject(leaf) + ")", null);
    }
    if (leaf.getNotBefore().toInstant().isAfter(now)) {
      throw reject(TlsException.Reason.NOT_YET_VALID, "certificate for " + host + " is not valid before "
          + DATE.format(leaf.getNotBefore().toInstant()) + " (" + subject(leaf) + "); check the clock", null);
    }
    if (!pins.isEmpty()) {
      if (pins.stream().noneMatch(p -> p.matches(leaf))) {
        throw reject(TlsException.Reason.PIN_MISMATCH, "certificate for " + host + " matches no pin: certificate sha256 "
            + CertificatePin.fingerprint(leaf) + ", public key sha256 " + CertificatePin.publicKeyFingerprint(leaf), null);
      }
    } else {
      checkChain(chain, authType, host);
    }
    if (!HostnameMatcher.matches(leaf, host)) {
      throw reject(TlsException.Reason.WRONG_HOST, "certificate is not valid for host " + host + " (names: "
          + String.join(", ", HostnameMatcher.names(leaf)) + ")", null);
    }
  }

  private void checkChain(X509Certificate[] chain, String authType, String host) throws CertificateException {
    CertificateException last = null;
    for (X509TrustManager anchor : anchors) {
      try {
        anchor.checkServerTrusted(chain, authType);
        return;
      } catch (CertificateException e) {
        last = e;
      }
    }
    X509Certificate leaf = chain[0];
    if (chain.length == 1 && selfSigned(leaf)) {
      throw reject(TlsException.Reason.SELF_SIGNED, "certificate for " + host + " is self-signed ("
          + subject(leaf) + ") and not trusted; add it as a CA or pin it", last);
    }
    throw reject(TlsException.Reason.UNTRUSTED_CHAIN, "certificate chain for " + host + " is not trusted: "
        + subject(leaf) + " issued by '" + leaf.getIssuerX500Principal().getName() + "'"
        + (last == null ? "" : " (" + last.getMessage() + ")"), last);
  }

  static boolean selfSigned(X509Certificate c) {
    if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
      return false;
    }
    try {
      c.verify(c.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static String subject(X509Certificate c) {
    return "subject '" + c.getSubjectX500Principal().getName() + "'";
  }

  private static CertificateRejection reject(TlsException.Reason reason, String message, Throwable cause) {
    return new CertificateRejection(reason, message, cause);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    throw new CertificateException("a client does not verify clients");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    throw new CertificateException("a client does not verify clients");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("a client does not verify clients");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
