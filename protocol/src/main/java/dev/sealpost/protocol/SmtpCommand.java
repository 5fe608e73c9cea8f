package dev.sealpost.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * One parsed SMTP command (RFC 5321 §4.1.1 and the extensions we speak). The set is closed so that the
 * session's dispatch is an exhaustive switch; {@link CommandParser} is the only way in from the wire.
 */
public sealed interface SmtpCommand {

  /** The verb in upper case, as RFC 5321 spells it. */
  String verb();

  /** RFC 5321 §4.1.1.1; {@code domain} is the validated argument as written (a domain or address literal). */
  record Ehlo(String domain) implements SmtpCommand {
    public Ehlo { Objects.requireNonNull(domain, "domain"); }
    @Override public String verb() { return "EHLO"; }
  }

  /** RFC 5321 §4.1.1.1, the pre-ESMTP greeting. */
  record Helo(String domain) implements SmtpCommand {
    public Helo { Objects.requireNonNull(domain, "domain"); }
    @Override public String verb() { return "HELO"; }
  }

  /** RFC 5321 §4.1.1.2. */
  record Mail(ReversePath reversePath, MailParameters parameters) implements SmtpCommand {
    public Mail {
      Objects.requireNonNull(reversePath, "reversePath");
      Objects.requireNonNull(parameters, "parameters");
    }
    @Override public String verb() { return "MAIL"; }
  }

  /** RFC 5321 §4.1.1.3. */
  record Rcpt(ForwardPath forwardPath, RcptParameters parameters) implements SmtpCommand {
    public Rcpt {
      Objects.requireNonNull(forwardPath, "forwardPath");
      Objects.requireNonNull(parameters, "parameters");
    }
    @Override public String verb() { return "RCPT"; }
  }

  /** RFC 5321 §4.1.1.4. */
  record Data() implements SmtpCommand {
    @Override public String verb() { return "DATA"; }
  }

  /** RFC 3030 CHUNKING: a chunk of exactly {@code chunkSize} octets follows the command line. */
  record Bdat(long chunkSize, boolean last) implements SmtpCommand {
    public Bdat {
      if (chunkSize < 0) {
        throw new IllegalArgumentException("BDAT chunk size must not be negative: " + chunkSize);
      }
    }
    @Override public String verb() { return "BDAT"; }
  }

  /** RFC 5321 §4.1.1.5. */
  record Rset() implements SmtpCommand {
    @Override public String verb() { return "RSET"; }
  }

  /** RFC 5321 §4.1.1.9; any argument is ignored. */
  record Noop() implements SmtpCommand {
    @Override public String verb() { return "NOOP"; }
  }

  /** RFC 5321 §4.1.1.10. */
  record Quit() implements SmtpCommand {
    @Override public String verb() { return "QUIT"; }
  }

  /** RFC 5321 §4.1.1.6. */
  record Vrfy(String argument) implements SmtpCommand {
    public Vrfy { Objects.requireNonNull(argument, "argument"); }
    @Override public String verb() { return "VRFY"; }
  }

  /** RFC 5321 §4.1.1.7. */
  record Expn(String argument) implements SmtpCommand {
    public Expn { Objects.requireNonNull(argument, "argument"); }
    @Override public String verb() { return "EXPN"; }
  }

  /** RFC 5321 §4.1.1.8; {@code topic} is empty when none was given. */
  record Help(String topic) implements SmtpCommand {
    public Help { Objects.requireNonNull(topic, "topic"); }
    @Override public String verb() { return "HELP"; }
  }

  /** RFC 3207; takes no argument. */
  record StartTls() implements SmtpCommand {
    @Override public String verb() { return "STARTTLS"; }
  }

  /**
   * RFC 4954 §4. {@code mechanism} is upper-cased; {@code initialResponse} is the raw base64 text, or
   * {@code "="} for an empty response. {@link #toString()} hides the response: it carries credentials.
   */
  record Auth(String mechanism, Optional<String> initialResponse) implements SmtpCommand {
    public Auth {
      Objects.requireNonNull(mechanism, "mechanism");
      Objects.requireNonNull(initialResponse, "initialResponse");
    }
    @Override public String verb() { return "AUTH"; }

    @Override
    public String toString() {
      return "Auth[mechanism=" + mechanism + ", initialResponse="
          + (initialResponse.isPresent() ? "<redacted>" : "none") + "]";
    }
  }
}
