package dev.sealpost.server.outbound.tlsrpt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorder's append-only journal: {@code DIR/YYYY-MM-DD.jsonl}, one JSON line per session,
 * flushed after each line (not fsynced: losing the last counts in a power cut is acceptable for
 * statistics). A torn last line after a crash is skipped on replay. Not thread-safe: the recorder
 * calls it under its lock.
 */
final class TlsRptJournal {

  private static final Logger log = LoggerFactory.getLogger(TlsRptJournal.class);
  private static final String SUFFIX = ".jsonl";

  /** One recorded session; {@code failure} empty for a success. */
  record Entry(LocalDate day, ReportedPolicy policy, String mxHost, Optional<FailureDetail> failure) {}

  private final Path directory;
  private LocalDate openDay;
  private BufferedWriter writer;

  TlsRptJournal(Path directory) {
    this.directory = directory;
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create TLS-RPT directory " + directory, e);
    }
  }

  void replay(Consumer<Entry> sink) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        LocalDate day;
        try {
          day = LocalDate.parse(name.substring(0, name.length() - SUFFIX.length()));
        } catch (DateTimeParseException e) {
          continue; // not ours
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          try {
            sink.accept(read(day, RptJson.MAPPER.readTree(lines.get(i))));
          } catch (IOException | RuntimeException e) {
            log.warn("tls-rpt journal line skipped file={} line={} error={}", file, i + 1, e.toString());
          }
        }
      }
    }
  }

  void append(Entry entry) {
    ObjectNode line = RptJson.MAPPER.createObjectNode();
    line.set("policy", RptJson.policy(entry.policy(), List.of()));
    line.put("mx-host", entry.mxHost());
    entry.failure().ifPresent(f -> line.set("failure", RptJson.failure(f)));
    try {
      writerFor(entry.day()).write(RptJson.MAPPER.writeValueAsString(line) + "\n");
      writer.flush();
    } catch (IOException e) {
      log.warn("tls-rpt journal write failed day={} domain={} error={}", entry.day(),
          entry.policy().policyDomain(), e.toString());
    }
  }

  void delete(LocalDate day) {
    if (day.equals(openDay)) {
      close();
    }
    try {
      Files.deleteIfExists(file(day));
    } catch (IOException e) {
      log.warn("tls-rpt journal not deleted day={} error={}", day, e.toString());
    }
  }

  void close() {
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException e) {
        log.warn("tls-rpt journal close failed day={} error={}", openDay, e.toString());
      }
      writer = null;
      openDay = null;
    }
  }

  private BufferedWriter writerFor(LocalDate day) throws IOException {
    if (!day.equals(openDay)) {
      close();
      writer = Files.newBufferedWriter(file(day), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      openDay = day;
    }
    return writer;
  }

  private Path file(LocalDate day) {
    return directory.resolve(day + SUFFIX);
  }

  private static Entry read(LocalDate day, JsonNode line) {
    Optional<FailureDetail> failure = line.hasNonNull("failure")
        ? Optional.of(RptJson.readFailure(line.get("failure")))
        : Optional.empty();
    return new Entry(day, RptJson.readPolicy(line.required("policy")), line.path("mx-host").asText(""), failure);
  }
}
