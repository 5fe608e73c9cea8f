package dev.sealpost.protocol;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Strict parser for the address literals of RFC 5321 §4.1.3. IPv4 is four decimal Snum; IPv6 follows
 * IPv6-full, IPv6-comp, IPv6v4-full and IPv6v4-comp, where "::" stands for at least two groups (so at most
 * six groups may be written beside it). No zone ids, no DNS.
 */
final class IpLiteral {

  private IpLiteral() {}

  static InetAddress parse(String text) {
    byte[] bytes = null;
    if (text.length() >= 3 && text.startsWith("[") && text.endsWith("]")) {
      String inner = text.substring(1, text.length() - 1);
      if (Ascii.startsWithIgnoreCase(inner, "IPv6:")) {
        bytes = ipv6(inner.substring(5));
      } else {
        bytes = ipv4(inner);
      }
    }
    if (bytes == null) {
      throw new IllegalArgumentException("Not a valid address literal: " + Ascii.show(text));
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("Not a valid address literal: " + Ascii.show(text), e);
    }
  }

  /** Snum 3("." Snum), Snum = 1*3DIGIT of value 0..255; null when malformed. */
  static byte[] ipv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      if (!Ascii.isDigits(parts[i]) || parts[i].length() > 3 || Integer.parseInt(parts[i]) > 255) {
        return null;
      }
      out[i] = (byte) Integer.parseInt(parts[i]);
    }
    return out;
  }

  /** The 16 octets of an RFC 5321 IPv6-addr; null when malformed. */
  static byte[] ipv6(String s) {
    int gap = s.indexOf("::");
    if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    int[] head = groups(gap < 0 ? s : s.substring(0, gap), gap < 0);
    int[] tail = gap < 0 ? new int[0] : groups(s.substring(gap + 2), true);
    if (head == null || tail == null) {
      return null;
    }
    int written = head.length + tail.length;
    if (gap < 0 ? written != 8 : written > 6) {
      return null;
    }
    byte[] out = new byte[16];
    for (int i = 0; i < head.length; i++) {
      put(out, i, head[i]);
    }
    for (int i = 0; i < tail.length; i++) {
      put(out, 8 - tail.length + i, tail[i]);
    }
    return out;
  }

  /** Colon-separated 1*4HEXDIG groups; the last may be an IPv4 address (two groups) if allowed. */
  private static int[] groups(String s, boolean mayEndInIpv4) {
    if (s.isEmpty()) {
      return new int[0];
    }
    String[] parts = s.split(":", -1);
    int[] out = new int[parts.length + 1];
    int n = 0;
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (i == parts.length - 1 && mayEndInIpv4 && p.indexOf('.') >= 0) {
        byte[] v4 = ipv4(p);
        if (v4 == null) {
          return null;
        }
        out[n++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
        out[n++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
      } else if (p.isEmpty() || p.length() > 4 || !p.chars().allMatch(Ascii::isHex)) {
        return null;
      } else {
        out[n++] = Integer.parseInt(p, 16);
      }
    }
    return Arrays.copyOf(out, n);
  }

  private static void put(byte[] out, int group, int value) {
    out[2 * group] = (byte) (value >> 8);
    out[2 * group + 1] = (byte) value;
  }
}
