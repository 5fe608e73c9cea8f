package dev.sealpost.server.inbound;

import dev.sealpost.mailauth.dkim.DkimResult;
import dev.sealpost.mailauth.dkim.DkimSigning;
import dev.sealpost.mailauth.dkim.DkimVerifier;
import dev.sealpost.mailauth.dmarc.DmarcEvaluator;
import dev.sealpost.mailauth.dmarc.DmarcResult;
import dev.sealpost.mailauth.results.AuthenticationResults;
import dev.sealpost.mailauth.spf.SpfEvaluator;
import dev.sealpost.mailauth.spf.SpfOutcome;
import dev.sealpost.mailauth.spf.SpfResult;
import dev.sealpost.protocol.SmtpReply;
import dev.sealpost.server.spool.SpooledMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trust checks of mail received on port 25 from other servers: SPF for MAIL FROM and HELO, every
 * DKIM signature, DMARC over both, and the Authentication-Results field that records them (RFC 8601).
 * Runs on a virtual thread after the message is on disk and before the reply to DATA, so that a DMARC
 * reject can still be a 550 (RFC 7489 §6.7 allows rejecting during the SMTP transaction).
 */
public final class InboundAuthenticator {

  private static final Logger LOG = LoggerFactory.getLogger(InboundAuthenticator.class);

  private final SpfEvaluator spf;
  private final DkimVerifier dkim;
  private final DmarcEvaluator dmarc;
  private final String authservId;
  private final boolean enforce;
  private final Executor executor;
  private final java.util.Set<String> mxListeners;

  /**
   * @param enforce whether DMARC reject and quarantine are acted on (else only recorded)
   * @param mxListeners the names of the port-25 listeners, whose mail is checked
   */
  public InboundAuthenticator(SpfEvaluator spf, DkimVerifier dkim, DmarcEvaluator dmarc, String authservId,
      boolean enforce, Executor executor, java.util.Set<String> mxListeners) {
    this.mxListeners = java.util.Set.copyOf(mxListeners);
    this.spf = spf;
    this.dkim = dkim;
    this.dmarc = dmarc;
    this.authservId = authservId;
    this.enforce = enforce;
    this.executor = executor;
  }

  public String authservId() {
    return authservId;
  }

  /** Whether mail with this envelope is checked: from another server (MX listener, not authenticated). */
  public boolean appliesTo(dev.sealpost.server.spool.Envelope envelope) {
    return mxListeners.contains(envelope.listener()) && envelope.authenticatedUser().isEmpty();
  }

  /**
   * Checks the committed message in {@code file}. Everything, reading the file included, runs on a
   * virtual thread: the caller may be the spool's commit thread, which must never wait on I/O of ours.
   */
  public CompletableFuture<InboundVerdict> check(java.nio.file.Path file) {
    return CompletableFuture.supplyAsync(() -> run(dev.sealpost.server.spool.SpoolReader.open(file)), executor);
  }

  private InboundVerdict run(SpooledMessage m) {
    var env = m.envelope();
    String id = env.queueId();
    try {
      InetAddress client = InetAddress.getByName(env.clientAddress()); // a literal we recorded, never a name
      SpfOutcome mailFrom = spf.checkMailFrom(client, env.reversePath(), env.heloName()).toCompletableFuture().join();
      Optional<SpfOutcome> helo = env.heloName().contains(".") && !env.heloName().startsWith("[")
          ? Optional.of(spf.checkHelo(client, env.heloName()).toCompletableFuture().join()) : Optional.empty();
      List<DkimResult> signatures;
      try (InputStream in = m.body()) {
        signatures = dkim.verify(in).toCompletableFuture().join();
      }
      byte[] header;
      try (InputStream in = m.body()) {
        header = DkimSigning.headerOf(in);
      }
      Optional<String> fromDomain = DkimSigning.fromDomain(header);
      int fromFields = DkimSigning.fromFieldCount(header);
      if (enforce && (fromFields > 1 || fromFields == 1 && fromDomain.isEmpty())) {
        // RFC 7489 §6.6.1: several From fields, or one without a single usable address, make the author
        // ambiguous: the classic way to show a reader one sender while authenticating another.
        LOG.info("queue={} event=inbound-auth refused=unusable-from fields={}", id, fromFields);
        return new InboundVerdict("", false, Optional.of(SmtpReply.of(550, "5.7.1", fromFields > 1
            ? "Message refused: more than one From field (RFC 5322 3.6, RFC 7489 6.6.1)"
            : "Message refused: the From field has no single usable address (RFC 7489 6.6.1)")));
      }
      Optional<DmarcResult> verdict = Optional.empty();
      if (fromDomain.isPresent()) {
        String spfDomain = env.reversePath().isEmpty() ? env.heloName()
            : env.reversePath().substring(env.reversePath().lastIndexOf('@') + 1);
        verdict = Optional.of(dmarc.evaluate(new DmarcEvaluator.Inputs(fromDomain.get(),
            mailFrom.result() == SpfResult.PASS, spfDomain,
            signatures.stream().filter(s -> s.status() == DkimResult.Status.PASS && !s.unsignedContent())
                .map(DkimResult::domain).toList())).toCompletableFuture().join());
      }
      String field = AuthenticationResults.header(authservId, Optional.of(mailFrom), helo, signatures, verdict);
      LOG.info("queue={} event=inbound-auth spf={} dkim={} dmarc={} disposition={}", id, mailFrom.result().token(),
          signatures.stream().map(s -> s.status().token() + "/" + s.domain()).toList(),
          verdict.map(v -> v.status().token()).orElse("none"),
          verdict.map(v -> v.disposition().name().toLowerCase(java.util.Locale.ROOT)).orElse("none"));
      if (verdict.isPresent() && enforce) {
        DmarcResult d = verdict.get();
        if (d.disposition() == DmarcResult.Disposition.REJECT) {
          return new InboundVerdict(field, false, Optional.of(SmtpReply.of(550, "5.7.1",
              "Message refused: the DMARC policy of " + d.policyDomain().orElse(d.fromDomain())
                  + " asks to reject mail that fails authentication (RFC 7489)")));
        }
        return new InboundVerdict(field, d.disposition() == DmarcResult.Disposition.QUARANTINE, Optional.empty());
      }
      return new InboundVerdict(field, false, Optional.empty());
    } catch (IOException | RuntimeException e) {
      // Checks that cannot run must not lose mail: it goes in, marked as not authenticated.
      LOG.warn("queue={} event=inbound-auth-failed error=\"{}\"", id, e.toString());
      return new InboundVerdict("Authentication-Results: " + authservId + "; none (checks failed)\r\n", false,
          Optional.empty());
    }
  }
}
