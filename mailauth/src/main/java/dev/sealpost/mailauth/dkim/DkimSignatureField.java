package dev.sealpost.mailauth.dkim;

import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A DKIM-Signature field's tags, checked as RFC 6376 §3.5 and §6.1.1 require. */
record DkimSignatureField(HeaderField field, String algorithm, byte[] b, String bPrefix, byte[] bh,
    Canonicalization headerCanon, Canonicalization bodyCanon, String domain, List<String> signedNames,
    String identity, long length, String selector, Optional<Instant> timestamp, Optional<Instant> expiry) {

  static DkimSignatureField parse(HeaderField field) throws DkimSyntaxException {
    TagList tags = TagList.parse(field.value());
    if (!tags.require("v").equals("1")) {
      throw new DkimSyntaxException("v= is not 1");
    }
    String a = tags.require("a").toLowerCase(Locale.ROOT);
    String bText = tags.require("b").replaceAll("[ \t\r\n]", "");
    byte[] b = base64("b", bText);
    byte[] bh = base64("bh", tags.require("bh").replaceAll("[ \t\r\n]", ""));
    String d = tags.require("d").toLowerCase(Locale.ROOT);
    if (d.isEmpty() || d.startsWith(".") || d.endsWith(".") || d.contains("..")) {
      throw new DkimSyntaxException("d= '" + d + "' is not a domain");
    }
    List<String> h = Arrays.stream(tags.require("h").replaceAll("[ \t\r\n]", "").split(":"))
        .map(n -> n.toLowerCase(Locale.ROOT)).toList();
    if (!h.contains("from")) {
      throw new DkimSyntaxException("h= does not include From (§5.4)");
    }
    String s = tags.require("s");
    if (s.isEmpty()) {
      throw new DkimSyntaxException("empty s=");
    }
    String c = tags.get("c").orElse("simple/simple");
    String[] cs = c.split("/", -1);
    Canonicalization hc;
    Canonicalization bc;
    try {
      hc = Canonicalization.of(cs[0]);
      bc = cs.length > 1 ? Canonicalization.of(cs[1]) : Canonicalization.SIMPLE;
    } catch (IllegalArgumentException e) {
      throw new DkimSyntaxException("c=" + c + ": " + e.getMessage());
    }
    String i = tags.get("i").orElse("@" + d);
    String iDomain = i.substring(i.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    if (!i.contains("@") || !(iDomain.equals(d) || iDomain.endsWith("." + d))) {
      throw new DkimSyntaxException("i= '" + i + "' is not within d= " + d + " (§3.5)");
    }
    long l = -1;
    if (tags.has("l")) {
      String lv = tags.require("l");
      if (!lv.matches("[0-9]{1,18}")) {
        throw new DkimSyntaxException("l= '" + lv + "' is not a number");
      }
      l = Long.parseLong(lv);
    }
    if (tags.has("q") && !tags.require("q").toLowerCase(Locale.ROOT).contains("dns/txt")) {
      throw new DkimSyntaxException("q= does not offer dns/txt");
    }
    Optional<Instant> t = epoch("t", tags);
    Optional<Instant> x = epoch("x", tags);
    if (t.isPresent() && x.isPresent() && x.get().isBefore(t.get())) {
      throw new DkimSyntaxException("x= is before t= (§3.5)");
    }
    return new DkimSignatureField(field, a, b, bText.substring(0, Math.min(8, bText.length())), bh, hc, bc, d, h, i, l, s,
        t, x);
  }

  private static byte[] base64(String tag, String value) throws DkimSyntaxException {
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new DkimSyntaxException(tag + "= is not base64");
    }
  }

  private static Optional<Instant> epoch(String tag, TagList tags) throws DkimSyntaxException {
    if (!tags.has(tag)) {
      return Optional.empty();
    }
    String v = tags.require(tag);
    if (!v.matches("[0-9]{1,12}")) {
      throw new DkimSyntaxException(tag + "= '" + v + "' is not a time");
    }
    return Optional.of(Instant.ofEpochSecond(Long.parseLong(v)));
  }
}
