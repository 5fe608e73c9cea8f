package dev.sealpost.server.acme;

import dev.sealpost.server.config.AcmeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.OrderBuilder;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.RenewalInfo;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ACME conversation (RFC 8555 §7): the account (created on first use, found again by its key after),
 * a new order for the configured names, each authorization proven through the configured challenge's
 * responder, a fresh certificate key and CSR, the issued chain downloaded. Blocking: runs on the ACME
 * thread, never on an event loop.
 */
final class AcmeIssuer {
  private static final Logger LOG = LoggerFactory.getLogger(AcmeIssuer.class);
  private static final Duration WAIT = Duration.ofSeconds(90);

  static {
    // acme4j builds CSRs and key files through BouncyCastle by provider name. Appended last, it never
    // takes over what the JDK's own providers do.
    if (java.security.Security.getProvider("BC") == null) {
      java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
    }
  }

  /** An issued chain (leaf first) and the key it was issued for. */
  record Issued(List<X509Certificate> chain, KeyPair key) {}

  /** The window in which the CA suggests renewing (RFC 9773). */
  record RenewalWindow(Instant start, Instant end) {}

  /** Why an attempt failed, with the CA's problem detail where it sent one. */
  static final class Failure extends Exception {
    Failure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final AcmeConfig config;
  private final AccountKey accountKey;
  private final ChallengeResponder responder;

  AcmeIssuer(AcmeConfig config, AccountKey accountKey, ChallengeResponder responder) {
    this.config = config;
    this.accountKey = accountKey;
    this.responder = responder;
  }

  Issued issue(Optional<X509Certificate> replacing) throws Failure {
    try {
      Session session = session();
      Account account = login(session).getAccount();
      OrderBuilder builder = account.newOrder().domains(config.names());
      if (replacing.isPresent() && session.resourceUrlOptional(org.shredzone.acme4j.connector.Resource.RENEWAL_INFO)
          .isPresent()) {
        builder.replaces(replacing.get()); // RFC 9773 §5: lets the CA link the renewal to its window
      }
      Order order = builder.create();
      for (Authorization auth : order.getAuthorizations()) {
        authorize(auth);
      }
      if (order.waitUntilReady(WAIT) != Status.READY) {
        throw new Failure("the order is " + order.getStatus() + problem(order.getError()), null);
      }
      KeyPair key = (config.rsa() ? dev.sealpost.tls.KeyType.RSA_2048 : dev.sealpost.tls.KeyType.EC_P256).generate();
      order.execute(key);
      if (order.waitForCompletion(WAIT) != Status.VALID) {
        throw new Failure("the order was not completed: " + order.getStatus() + problem(order.getError()), null);
      }
      List<X509Certificate> chain = order.getCertificate().getCertificateChain();
      LOG.info("event=acme-issued names={} serial={} expires={}", config.names(),
          chain.getFirst().getSerialNumber().toString(16), chain.getFirst().getNotAfter().toInstant());
      return new Issued(List.copyOf(chain), key);
    } catch (AcmeException e) {
      throw new Failure(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure("interrupted", e);
    }
  }

  private void authorize(Authorization auth) throws AcmeException, InterruptedException, Failure {
    if (auth.getStatus() == Status.VALID) {
      return; // proven recently and reused by the CA
    }
    String name = auth.getIdentifier().getDomain();
    Challenge challenge = auth.findChallenge(responder.type()).map(Challenge.class::cast)
        .orElseThrow(() -> new Failure("the CA offers no " + responder.type() + " challenge for " + name
            + " (offered: " + auth.getChallenges().stream().map(Challenge::getType).toList() + ")", null));
    responder.publish(name, challenge);
    try {
      challenge.trigger();
      Status status = challenge.waitForCompletion(WAIT);
      if (status != Status.VALID) {
        throw new Failure(responder.type() + " challenge for " + name + " failed" + problem(challenge.getError()),
            null);
      }
      LOG.info("event=acme-authorized name={} challenge={}", name, responder.type());
    } finally {
      responder.withdraw(name, challenge);
    }
  }

  /** The CA's suggested renewal window for {@code current}, when it offers renewal information. */
  Optional<RenewalWindow> renewalWindow(X509Certificate current) throws Failure {
    try {
      Session session = session();
      if (session.resourceUrlOptional(org.shredzone.acme4j.connector.Resource.RENEWAL_INFO).isEmpty()) {
        return Optional.empty();
      }
      RenewalInfo info = login(session).bindRenewalInfo(current);
      return Optional.of(new RenewalWindow(info.getSuggestedWindowStart(), info.getSuggestedWindowEnd()));
    } catch (AcmeException e) {
      throw new Failure("renewal information: " + e.getMessage(), e);
    }
  }

  private org.shredzone.acme4j.Login login(Session session) throws AcmeException {
    AccountBuilder b = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey.get());
    config.email().ifPresent(b::addEmail);
    return b.createLogin(session); // RFC 8555 §7.3.1: the existing account when the key is known
  }

  private Session session() {
    URI uri = URI.create(config.directory());
    if (config.caBundle().isEmpty()) {
      return new Session(uri);
    }
    SSLContext ssl = trusting(config.caBundle().get());
    return new Session(uri, new GenericAcmeProvider() {
      @Override
      public HttpClient createHttpClient(NetworkSettings settings) {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(settings.getTimeout())
            .proxy(settings.getProxySelector()).sslContext(ssl).build();
      }
    });
  }

  /** The JDK's CAs and those of {@code bundle}, for the ACME server's HTTPS. */
  private static SSLContext trusting(Path bundle) {
    try (InputStream in = Files.newInputStream(bundle)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("bundle-" + i++, c);
      }
      TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      jdk.init((KeyStore) null);
      for (var tm : jdk.getTrustManagers()) {
        if (tm instanceof javax.net.ssl.X509TrustManager x) {
          for (X509Certificate c : x.getAcceptedIssuers()) {
            store.setCertificateEntry("jdk-" + i++, c);
          }
        }
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      return ssl;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the ACME CA bundle " + bundle + ": " + e.getMessage(), e);
    }
  }

  private static String problem(Optional<Problem> p) {
    return p.map(x -> ": " + x.toString()).orElse("");
  }

  /** Keeps the account key; made on first use. */
  interface AccountKey {
    KeyPair get();
  }

}
