package dev.sealpost.server.delivery;

import dev.sealpost.server.spool.EnvelopeRecipient;
import dev.sealpost.server.spool.Spool;
import dev.sealpost.server.spool.SpoolCorruptException;
import dev.sealpost.server.spool.SpoolReader;
import dev.sealpost.server.spool.SpooledMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One try at delivering a spooled message to its local recipients. Recipients already served by an
 * earlier try are skipped, so a retry after a partial failure does not deliver twice (within a run;
 * across a restart delivery is at-least-once). Only when every local recipient has the message does the
 * spool file leave incoming/: deleted, or moved to outbound/ if remote recipients remain.
 */
final class DeliveryAttempt {

  enum Outcome { DONE, RETRY, GONE }

  private static final Logger LOG = LoggerFactory.getLogger(LocalDeliveryAgent.class);

  private final Spool spool;
  private final Maildir maildir;
  private final Function<String, Optional<Path>> resolver;
  private final java.util.function.Consumer<String> outbound;
  private final dev.sealpost.server.inbound.InboundVerdicts verdicts;

  DeliveryAttempt(Spool spool, Maildir maildir, Function<String, Optional<Path>> resolver,
      java.util.function.Consumer<String> outbound) {
    this.spool = spool;
    this.maildir = maildir;
    this.resolver = resolver;
    this.outbound = outbound;
    this.verdicts = new dev.sealpost.server.inbound.InboundVerdicts(spool.directory());
  }

  /** @param delivered indexes of the recipients served so far; updated as deliveries succeed */
  Outcome run(String queueId, Set<Integer> delivered) {
    Path file = spool.incomingFile(queueId);
    SpooledMessage m;
    try {
      m = SpoolReader.open(file);
    } catch (SpoolCorruptException e) {
      quarantine(queueId, file, e);
      return Outcome.GONE;
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof NoSuchFileException) {
        LOG.debug("queue={} event=local-delivery-skipped reason=not-in-incoming", queueId);
        return Outcome.GONE;
      }
      LOG.error("queue={} event=local-delivery-failed error=\"{}\"", queueId, e.getCause().toString());
      return Outcome.RETRY;
    }
    boolean failed = false;
    List<EnvelopeRecipient> rcpts = m.envelope().recipients();
    Optional<dev.sealpost.server.inbound.InboundVerdict> verdict = verdicts.load(queueId);
    for (int i = 0; i < rcpts.size(); i++) {
      if (rcpts.get(i).local() && !delivered.contains(i)) {
        if (deliver(queueId, m, rcpts.get(i).address(), verdict)) {
          delivered.add(i);
        } else {
          failed = true;
        }
      }
    }
    return failed ? Outcome.RETRY : finish(queueId, rcpts);
  }

  private boolean deliver(String queueId, SpooledMessage m, String rcpt,
      Optional<dev.sealpost.server.inbound.InboundVerdict> verdict) {
    Optional<Path> dir;
    try {
      dir = resolver.apply(rcpt);
    } catch (RuntimeException e) {
      LOG.error("queue={} event=local-delivery-failed rcpt=<{}> error=\"{}\"", queueId, rcpt, e.toString());
      return false;
    }
    if (dir.isEmpty()) {
      LOG.error("queue={} event=local-delivery-failed rcpt=<{}> reason=no-mailbox", queueId, rcpt);
      return false;
    }
    Path target = dir.get();
    if (verdict.isPresent() && verdict.get().quarantine()) {
      target = target.resolve(".Junk"); // DMARC p=quarantine: the Maildir++ Junk folder
      Maildir.ensure(target);
    }
    try (InputStream body = verdict.isEmpty() ? m.body() : withVerdict(m.body(), verdict.get())) {
      Path f = maildir.deliver(target, body, m.bodySize());
      LOG.info("queue={} event=delivered rcpt=<{}> file={} size={}{}", queueId, rcpt, f.getFileName(), m.bodySize(),
          verdict.isPresent() && verdict.get().quarantine() ? " folder=Junk" : "");
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.error("queue={} event=local-delivery-failed rcpt=<{}> error=\"{}\"", queueId, rcpt, e.toString());
      return false;
    }
  }

  /**
   * The message with our Authentication-Results on top and, per RFC 8601 §5, any such field that arrived
   * claiming our authserv-id removed: it can only be a forgery.
   */
  private static InputStream withVerdict(InputStream message, dev.sealpost.server.inbound.InboundVerdict v)
      throws IOException {
    String ours = v.header().substring("Authentication-Results:".length());
    String authservId = ours.strip().split("[;\\s]", 2)[0];
    return HeaderEdit.rewrite(message, v.header(), field -> field.regionMatches(true, 0, "Authentication-Results:", 0, 23)
        && dev.sealpost.mailauth.results.AuthenticationResults.claims(field.substring(23), authservId));
  }

  private Outcome finish(String queueId, List<EnvelopeRecipient> rcpts) {
    long remote = rcpts.stream().filter(r -> !r.local()).count();
    try {
      if (remote > 0) {
        spool.moveToOutbound(queueId);
        verdicts.delete(queueId); // our Authentication-Results are for our mailboxes, not for relayed copies
        LOG.info("queue={} event=queued-outbound remote-rcpts={}", queueId, remote);
        outbound.accept(queueId);
      } else {
        spool.deleteIncoming(queueId);
        verdicts.delete(queueId);
        LOG.debug("queue={} event=local-delivery-done rcpts={}", queueId, rcpts.size());
      }
      return Outcome.DONE;
    } catch (IOException | RuntimeException e) {
      LOG.error("queue={} event=spool-finish-failed error=\"{}\"", queueId, e.toString());
      return Outcome.RETRY;
    }
  }

  private void quarantine(String queueId, Path file, SpoolCorruptException why) {
    try {
      Path to = spool.quarantine(file);
      LOG.warn("queue={} event=spool-file-corrupt moved-to={} reason=\"{}\"", queueId, to, why.getMessage());
    } catch (IOException e) {
      LOG.warn("queue={} event=spool-file-corrupt reason=\"{}\" move-failed=\"{}\"", queueId, why.getMessage(), e);
    }
  }
}
