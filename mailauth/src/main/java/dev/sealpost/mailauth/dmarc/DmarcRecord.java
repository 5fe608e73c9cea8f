package dev.sealpost.mailauth.dmarc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A DMARC record (RFC 7489 §6.3): v=DMARC1 first, p required; sp, adkim, aspf, pct, rua, ruf, fo, rf, ri
 * as given; unknown tags ignored (§6.3). A record whose p= is invalid but that names rua= is read as
 * p=none, so that reports still flow (§6.6.3 step 6).
 */
public record DmarcRecord(Policy policy, Optional<Policy> subdomainPolicy, boolean strictDkim, boolean strictSpf,
    int percent, List<String> rua, List<String> ruf) {

  public enum Policy {
    NONE, QUARANTINE, REJECT;

    public String token() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Policy> of(String text) {
      for (Policy p : values()) {
        if (p.token().equals(text.toLowerCase(Locale.ROOT))) {
          return Optional.of(p);
        }
      }
      return Optional.empty();
    }
  }

  /** True for the TXT records discovery considers: "v=DMARC1" first (§6.6.3). */
  static boolean isDmarc(String txt) {
    String t = txt.strip();
    return t.regionMatches(true, 0, "v=DMARC1", 0, 8) && (t.length() == 8 || t.charAt(8) == ';' || t.charAt(8) == ' '
        || t.charAt(8) == '\t');
  }

  /** @throws IllegalArgumentException naming what is wrong, for a record to be ignored */
  static DmarcRecord parse(String text) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (String spec : text.split(";")) {
      if (spec.isBlank()) {
        continue;
      }
      int eq = spec.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("tag without '=': '" + spec.strip() + "'");
      }
      tags.putIfAbsent(spec.substring(0, eq).strip().toLowerCase(Locale.ROOT), spec.substring(eq + 1).strip());
    }
    if (!"DMARC1".equals(tags.get("v"))) {
      throw new IllegalArgumentException("v= is not DMARC1");
    }
    List<String> rua = uris(tags.get("rua"));
    Optional<Policy> p = Optional.ofNullable(tags.get("p")).flatMap(Policy::of);
    if (p.isEmpty()) {
      if (rua.isEmpty()) {
        throw new IllegalArgumentException("p= missing or invalid");
      }
      p = Optional.of(Policy.NONE);
    }
    Optional<Policy> sp = Optional.ofNullable(tags.get("sp")).flatMap(Policy::of);
    int pct = 100;
    if (tags.containsKey("pct")) {
      String v = tags.get("pct");
      if (!v.matches("[0-9]{1,3}") || Integer.parseInt(v) > 100) {
        throw new IllegalArgumentException("pct= '" + v + "' is not 0-100");
      }
      pct = Integer.parseInt(v);
    }
    return new DmarcRecord(p.get(), sp, "s".equalsIgnoreCase(tags.get("adkim")), "s".equalsIgnoreCase(tags.get("aspf")),
        pct, rua, uris(tags.get("ruf")));
  }

  private static List<String> uris(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return java.util.Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
