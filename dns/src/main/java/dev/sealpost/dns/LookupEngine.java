package dev.sealpost.dns;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Type;

/**
 * Answers one question (name, type): from the cache, else by sending a query through dnsjava and
 * following CNAMEs the response leaves open. Identical questions in flight at the same time share
 * one query, so a burst of connections from one domain costs one lookup.
 */
final class LookupEngine {

  private static final Logger log = LoggerFactory.getLogger(LookupEngine.class);

  private final Resolver resolver;
  private final AnswerCache cache;
  private final Duration deadline;
  private final Map<AnswerCache.Key, CompletableFuture<Answer>> inFlight = new ConcurrentHashMap<>();

  /**
   * @param deadline the longest one query may take, all retries and servers included; a guard in
   *     case the transport never completes
   */
  LookupEngine(Resolver resolver, AnswerCache cache, Duration deadline) {
    this.resolver = resolver;
    this.cache = cache;
    this.deadline = deadline;
  }

  CompletableFuture<DnsResult<Record>> lookup(Name name, int type) {
    AnswerCache.Key key = new AnswerCache.Key(name, type);
    Optional<Answer> cached = cache.get(key);
    if (cached.isPresent()) {
      return CompletableFuture.completedFuture(cached.get().result());
    }
    CompletableFuture<Answer> mine = new CompletableFuture<>();
    CompletableFuture<Answer> shared = inFlight.putIfAbsent(key, mine);
    if (shared == null) {
      shared = mine;
      resolve(name, type, ResponseReader.MAX_CNAME_HOPS).whenComplete((answer, error) -> {
        inFlight.remove(key, mine);
        if (error == null) {
          mine.complete(answer);
        } else {
          // Only a bug gets here; the caller still gets a typed result rather than an exception.
          log.warn("DNS lookup of {} {} failed", name, Type.string(type), error);
          mine.complete(Answer.temporaryFailure(describe(error, name, type)));
        }
      });
    }
    return shared.thenApply(Answer::result);
  }

  /** Asks the question, caching the outcome; CNAME targets go through here without coalescing. */
  private CompletableFuture<Answer> resolve(Name name, int type, int hopsLeft) {
    AnswerCache.Key key = new AnswerCache.Key(name, type);
    Optional<Answer> cached = cache.get(key);
    if (cached.isPresent()) {
      return CompletableFuture.completedFuture(cached.get());
    }
    return send(name, type)
        .thenCompose(reading -> switch (reading) {
          case ResponseReader.Settled s -> CompletableFuture.completedFuture(s.answer());
          case ResponseReader.FollowCname f -> hopsLeft == 0
              ? CompletableFuture.completedFuture(Answer.temporaryFailure("CNAME chain longer than "
                  + ResponseReader.MAX_CNAME_HOPS + " for " + name + " " + Type.string(type)))
              : resolve(f.target(), type, hopsLeft - 1).thenApply(target -> throughCname(f, target));
        })
        .whenComplete((answer, error) -> {
          if (answer != null) {
            cache.put(key, answer);
          }
        });
  }

  private CompletableFuture<ResponseReader.Reading> send(Name name, int type) {
    Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    // RFC 6840 §5.7: AD in a query asks a validating resolver to report the AD bit even without DO.
    query.getHeader().setFlag(Flags.AD);
    return resolver.sendAsync(query).toCompletableFuture()
        .orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .handle((response, error) -> error == null
            ? ResponseReader.read(name, type, response)
            : new ResponseReader.Settled(Answer.temporaryFailure(describe(error, name, type))));
  }

  /** The target's answer as seen from the alias: TTL no longer than the chain's, AD only if both had it. */
  private static Answer throughCname(ResponseReader.FollowCname link, Answer target) {
    Duration ttl = min(link.ttl(), target.cacheFor());
    DnsResult<Record> result = switch (target.result()) {
      case DnsResult.Found<Record> f -> new DnsResult.Found<>(f.records(), min(link.ttl(), f.ttl()),
          link.authenticated() && f.authenticated());
      case DnsResult.NxDomain<Record> n -> new DnsResult.NxDomain<>(link.authenticated() && n.authenticated());
      case DnsResult.NoData<Record> n -> new DnsResult.NoData<>(link.authenticated() && n.authenticated());
      case DnsResult.TemporaryFailure<Record> t -> t;
    };
    return new Answer(result, ttl);
  }

  private static String describe(Throwable error, Name name, int type) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String what = cause instanceof TimeoutException ? "timed out" : cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    String reason = "no answer for " + name + " " + Type.string(type) + ": " + what;
    log.debug("DNS {}", reason);
    return reason;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
