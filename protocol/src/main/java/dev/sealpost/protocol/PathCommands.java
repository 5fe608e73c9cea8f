package dev.sealpost.protocol;

/**
 * MAIL FROM and RCPT TO (RFC 5321 §4.1.1.2, §4.1.1.3): the keyword, the path in angle brackets, then
 * ESMTP parameters. Whitespace after the colon is tolerated (many clients send it); missing brackets are
 * not, since RFC 821 leniency here is what lets {@code user@a.test SIZE=1} be misread.
 */
final class PathCommands {

  private static final String MAIL_USAGE = "MAIL FROM:<address> [parameters]";
  private static final String RCPT_USAGE = "RCPT TO:<address> [parameters]";

  /** The text between the brackets, and everything after the closing bracket. */
  record Split(String path, String parameters) {}

  private PathCommands() {}

  static SmtpCommand.Mail mail(String args) {
    Split split = split(args, "FROM:", MAIL_USAGE);
    ReversePath path;
    try {
      path = AddressParser.reversePath(split.path());
    } catch (IllegalArgumentException e) {
      throw new Rejection(501, "5.1.7", "Bad sender address syntax");
    }
    return new SmtpCommand.Mail(path, MailParameterParser.parse(split.parameters()));
  }

  static SmtpCommand.Rcpt rcpt(String args) {
    Split split = split(args, "TO:", RCPT_USAGE);
    ForwardPath path;
    try {
      path = AddressParser.forwardPath(split.path());
    } catch (IllegalArgumentException e) {
      throw new Rejection(501, "5.1.3", "Bad recipient address syntax");
    }
    return new SmtpCommand.Rcpt(path, RcptParameterParser.parse(split.parameters()));
  }

  static Split split(String args, String keyword, String usage) {
    String a = args.substring(spaces(args, 0));
    if (!Ascii.startsWithIgnoreCase(a, keyword)) {
      throw Rejection.syntax(usage);
    }
    int open = spaces(a, keyword.length());
    if (open >= a.length() || a.charAt(open) != '<') {
      throw Rejection.syntax(usage);
    }
    int close = closingBracket(a, open + 1);
    if (close < 0 || (close + 1 < a.length() && a.charAt(close + 1) != ' ')) {
      throw Rejection.syntax(usage);
    }
    return new Split(a.substring(open + 1, close), a.substring(close + 1));
  }

  private static int spaces(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  /** The '>' that ends the path, skipping any inside a quoted local part ({@code <"a>b"@c>}). */
  private static int closingBracket(String s, int from) {
    boolean quoted = false;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '>') {
        return i;
      }
    }
    return -1;
  }
}
