package dev.sealpost.dns;

import java.time.Duration;
import org.xbill.DNS.Record;

/**
 * A lookup's outcome in dnsjava records, with how long it may be cached: the answer's TTL when
 * records were found, the RFC 2308 §5 negative TTL otherwise, zero for "do not cache".
 */
record Answer(DnsResult<Record> result, Duration cacheFor) {

  static Answer uncached(DnsResult<Record> result) {
    return new Answer(result, Duration.ZERO);
  }

  static Answer temporaryFailure(String reason) {
    return uncached(new DnsResult.TemporaryFailure<>(reason));
  }
}
