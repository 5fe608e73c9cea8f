package dev.sealpost.server.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Reads a TOML configuration file into a validated {@link ServerConfig}. Unknown keys and wrong values
 * stop the start with a {@link ConfigException} naming the file, the key and its line.
 */
public final class ConfigLoader {

  private static final TomlMapper MAPPER = TomlMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private ConfigLoader() {}

  public static ServerConfig load(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    String text;
    try {
      text = Files.readString(absolute, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(absolute + ": configuration file not found");
    } catch (IOException e) {
      throw new ConfigException(absolute + ": cannot read configuration: " + e.getMessage(), e);
    }
    List<String> lines = text.lines().toList();
    ConfigFile raw;
    try {
      raw = MAPPER.readValue(text, ConfigFile.class);
    } catch (JacksonException e) {
      throw new ConfigException(describe(absolute, lines, e), e);
    }
    if (raw == null) {
      throw new ConfigException(absolute + ": configuration file is empty");
    }
    try {
      return new ConfigValidator(absolute.getParent()).validate(raw);
    } catch (ConfigValidator.Invalid e) {
      OptionalInt line = TomlLines.find(lines, e.path());
      throw new ConfigException(absolute + location(line) + ": " + String.join(".", e.path()) + ": "
          + e.getMessage());
    }
  }

  private static String describe(Path file, List<String> lines, JacksonException e) {
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      List<String> path = new ArrayList<>();
      for (JsonMappingException.Reference ref : mapping.getPath()) {
        path.add(ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()));
      }
      String key = String.join(".", path);
      OptionalInt line = TomlLines.find(lines, path);
      if (e instanceof UnrecognizedPropertyException) {
        return file + location(line) + ": unknown key '" + key + "'";
      }
      return file + location(line) + ": invalid value for '" + key + "': " + e.getOriginalMessage();
    }
    int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
    return file + (line > 0 ? ":" + line : "") + ": " + e.getOriginalMessage();
  }

  private static String location(OptionalInt line) {
    return line.isPresent() ? ":" + line.getAsInt() : "";
  }
}
