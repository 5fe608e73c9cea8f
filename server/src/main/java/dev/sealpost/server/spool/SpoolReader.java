package dev.sealpost.server.spool;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Reads the header of a spool file back (see {@link SpoolFormat}), trusting nothing in it. */
public final class SpoolReader {

  private SpoolReader() {}

  /**
   * @throws SpoolCorruptException if the magic, the length line or the envelope JSON is wrong
   * @throws UncheckedIOException if the file cannot be read (its cause is NoSuchFileException when gone)
   */
  public static SpooledMessage open(Path file) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 8192)) {
      long size = Files.size(file);
      byte[] magic = in.readNBytes(SpoolFormat.MAGIC.length);
      if (!Arrays.equals(magic, SpoolFormat.MAGIC)) {
        throw new SpoolCorruptException(file, "no SEALPOST-SPOOL 1 magic line");
      }
      int digits = 0;
      int length = 0;
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < '0' || c > '9' || ++digits > SpoolFormat.MAX_LENGTH_DIGITS) {
          throw new SpoolCorruptException(file, "bad header length line");
        }
        length = length * 10 + (c - '0');
      }
      if (digits == 0 || length > SpoolFormat.MAX_HEADER_JSON) {
        throw new SpoolCorruptException(file, "header length " + length + " out of bounds");
      }
      byte[] json = in.readNBytes(length);
      if (json.length != length) {
        throw new SpoolCorruptException(file, "header truncated at " + json.length + " of " + length + " bytes");
      }
      Envelope envelope;
      try {
        envelope = EnvelopeJson.read(json);
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new SpoolCorruptException(file, "bad envelope: " + e.getMessage(), e);
      }
      long offset = SpoolFormat.MAGIC.length + digits + 1L + length;
      return new SpooledMessage(file, envelope, offset, size - offset);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read spool file " + file, e);
    }
  }
}
