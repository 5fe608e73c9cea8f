package dev.sealpost.server.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/** A damaged header yields SpoolCorruptException or a valid envelope, never anything else. */
class SpoolHeaderPropertiesTest {

  private static final byte[] GOOD = SpoolFormat.header(EnvelopeJson.write(TestEnvelopes.full()));
  private Path dir;

  @BeforeProperty
  void makeDir() throws IOException {
    dir = Files.createTempDirectory("spool-prop");
  }

  @AfterProperty
  void removeDir() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(dir);
  }

  @Property(tries = 500)
  void mutatedHeaderNeverThrowsAnythingElse(@ForAll("mutations") byte[] file) throws IOException {
    Path f = Files.write(dir.resolve("x"), file);
    try {
      SpoolReader.open(f);
    } catch (SpoolCorruptException expected) {
      // the only acceptable failure
    } catch (UncheckedIOException e) {
      throw new AssertionError("I/O error on a readable file", e);
    }
  }

  @Provide
  Arbitrary<byte[]> mutations() {
    Arbitrary<byte[]> flipped = Arbitraries.integers().between(0, GOOD.length - 1).list().ofMaxSize(4)
        .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
          byte[] b = GOOD.clone();
          for (int i = 0; i < positions.size(); i++) {
            b[positions.get(i)] = values.get(i);
          }
          return b;
        }));
    Arbitrary<byte[]> truncated = Arbitraries.integers().between(0, GOOD.length)
        .map(n -> java.util.Arrays.copyOf(GOOD, n));
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    return Arbitraries.oneOf(flipped, truncated, random);
  }
}
