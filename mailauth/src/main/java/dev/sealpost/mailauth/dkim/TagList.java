package dev.sealpost.mailauth.dkim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The tag=value lists of DKIM-Signature fields and key records (RFC 6376 §3.2): tags separated by
 * ";", whitespace around names and values ignored, a repeated tag an error, names case-sensitive.
 */
final class TagList {

  private final Map<String, String> tags;

  private TagList(Map<String, String> tags) {
    this.tags = tags;
  }

  /** @throws DkimSyntaxException naming what is wrong */
  static TagList parse(String text) throws DkimSyntaxException {
    if (text.length() > 16384) {
      throw new DkimSyntaxException("tag list longer than 16 KiB");
    }
    Map<String, String> tags = new LinkedHashMap<>();
    String unfolded = text.replace("\r\n", "");
    for (String spec : unfolded.split(";", -1)) {
      if (spec.isBlank()) {
        continue; // a trailing ";" is allowed
      }
      int eq = spec.indexOf('=');
      if (eq < 0) {
        throw new DkimSyntaxException("tag without '=': '" + spec.strip() + "'");
      }
      String name = spec.substring(0, eq).strip();
      if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
        throw new DkimSyntaxException("bad tag name '" + name + "'");
      }
      String value = spec.substring(eq + 1).replaceAll("^[ \t]+|[ \t]+$", "");
      if (tags.put(name, value) != null) {
        throw new DkimSyntaxException("tag '" + name + "' appears twice (§3.2)");
      }
    }
    return new TagList(tags);
  }

  Optional<String> get(String name) {
    return Optional.ofNullable(tags.get(name));
  }

  String require(String name) throws DkimSyntaxException {
    String v = tags.get(name);
    if (v == null) {
      throw new DkimSyntaxException("required tag '" + name + "' missing");
    }
    return v;
  }

  boolean has(String name) {
    return tags.containsKey(name);
  }

  /** The first tag's name, for "v= must come first" (key records, §3.6.1). */
  Optional<String> first() {
    return tags.keySet().stream().findFirst();
  }
}
