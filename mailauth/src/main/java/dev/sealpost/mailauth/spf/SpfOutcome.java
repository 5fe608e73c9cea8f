package dev.sealpost.mailauth.spf;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What check_host() found.
 *
 * @param domain the domain whose policy was checked (the MAIL FROM domain, or the HELO name)
 * @param explanation for {@link SpfResult#FAIL}: the domain's exp= text, macro-expanded (RFC 7208 §6.2)
 * @param trace the reasoning step by step, for `sealpost spf check` and logs
 */
public record SpfOutcome(SpfResult result, String domain, Optional<String> explanation, List<String> trace) {

  public SpfOutcome {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(explanation, "explanation");
    trace = List.copyOf(trace);
  }
}
