package dev.sealpost.protocol;

import java.util.List;

/**
 * Turns one command line (without its CRLF) into an {@link SmtpCommand} or the 5xx reply that refuses
 * it. Pure and total: {@link #parse} never throws, whatever the input, and never echoes client text
 * into a reply.
 */
public final class CommandParser {

  private CommandParser() {}

  /**
   * Parses one line; the framer has already removed CRLF and refused CR, LF and NUL. Lines with any
   * other control character (but TAB) are refused too: no SMTP command has one, and none should reach a
   * log or a reply through a VRFY or HELP argument.
   */
  public static ParseResult parse(String line) {
    try {
      return new ParseResult.Parsed(command(line == null ? "" : line));
    } catch (Rejection r) {
      return new ParseResult.Rejected(r.reply());
    } catch (RuntimeException e) {
      // Defence in depth: a parser bug must still answer, not kill the session.
      return new ParseResult.Rejected(SmtpReply.of(500, "5.5.2", "Syntax error"));
    }
  }

  private static SmtpCommand command(String line) {
    if (Ascii.hasControl(line)) {
      throw new Rejection(500, "5.5.2", "Invalid character in command");
    }
    int space = line.indexOf(' ');
    String verb = space < 0 ? line : line.substring(0, space);
    String args = space < 0 ? "" : line.substring(space + 1);
    return switch (Ascii.upper(verb)) {
      case "EHLO" -> new SmtpCommand.Ehlo(helloArgument(args, "EHLO domain-or-address-literal"));
      case "HELO" -> new SmtpCommand.Helo(helloArgument(args, "HELO domain"));
      case "MAIL" -> PathCommands.mail(args);
      case "RCPT" -> PathCommands.rcpt(args);
      case "DATA" -> noArgument(args, new SmtpCommand.Data());
      case "BDAT" -> bdat(args);
      case "RSET" -> noArgument(args, new SmtpCommand.Rset());
      case "QUIT" -> noArgument(args, new SmtpCommand.Quit());
      case "STARTTLS" -> noArgument(args, new SmtpCommand.StartTls());
      case "NOOP" -> new SmtpCommand.Noop();
      case "VRFY" -> new SmtpCommand.Vrfy(requiredArgument(args, "VRFY string"));
      case "EXPN" -> new SmtpCommand.Expn(requiredArgument(args, "EXPN string"));
      case "HELP" -> new SmtpCommand.Help(args.trim());
      case "AUTH" -> AuthCommand.parse(args);
      default -> throw Rejection.unrecognized();
    };
  }

  /**
   * RFC 5321 §4.1.1.1: exactly one Domain or address-literal. The argument must be ASCII: SMTPUTF8 is
   * not negotiated before EHLO, so an IDN is sent as A-labels (RFC 6531 §3.7.1).
   */
  private static String helloArgument(String args, String usage) {
    List<String> words = Ascii.words(args);
    if (words.size() != 1 || !Ascii.isAscii(words.get(0))) {
      throw Rejection.syntax(usage);
    }
    try {
      MailDomain.parse(words.get(0));
    } catch (IllegalArgumentException e) {
      throw Rejection.syntax(usage);
    }
    return words.get(0);
  }

  private static SmtpCommand noArgument(String args, SmtpCommand command) {
    if (!Ascii.words(args).isEmpty()) {
      throw Rejection.syntax(command.verb() + " (no arguments)");
    }
    return command;
  }

  private static String requiredArgument(String args, String usage) {
    String trimmed = args.trim();
    if (trimmed.isEmpty()) {
      throw Rejection.syntax(usage);
    }
    return trimmed;
  }

  /** RFC 3030 §2: {@code BDAT chunk-size [LAST]}, chunk-size = 1*DIGIT. */
  private static SmtpCommand bdat(String args) {
    List<String> words = Ascii.words(args);
    String usage = "BDAT chunk-size [LAST]";
    if (words.isEmpty() || words.size() > 2 || !Ascii.isDigits(words.get(0)) || words.get(0).length() > 19) {
      throw Rejection.syntax(usage);
    }
    if (words.size() == 2 && !Ascii.equalsIgnoreCase(words.get(1), "LAST")) {
      throw Rejection.syntax(usage);
    }
    long size;
    try {
      size = Long.parseLong(words.get(0));
    } catch (NumberFormatException e) {
      throw Rejection.syntax(usage);
    }
    return new SmtpCommand.Bdat(size, words.size() == 2);
  }
}
