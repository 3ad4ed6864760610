package dev.ingestrunbooks.sandbox.ssh;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the command line of an exec request into the few key-management steps the sandbox bastion's restricted
 * shell runs, or refuses it with {@link Unsupported}. Pure: no files, no sockets.
 *
 * <p>Grammar, a small subset of POSIX sh: words separated by blanks; {@code '...'} literal; {@code "..."} literal
 * except {@code \"}, {@code \\}, {@code \$} and {@code $HOME}/{@code ${HOME}}; an unquoted {@code ~} at the start of
 * a word and {@code $HOME} are the user's home {@code /home/<user>}, where relative paths start too; operators
 * {@code >>}, {@code >}, {@code &&}, {@code ;}; an unquoted {@code #} at the start of a word begins a comment. Pipes,
 * other redirections, command substitution, other variables, globs and background jobs are unsupported.
 *
 * <p>Commands, all about the user's own {@code ~/.ssh/authorized_keys} ({@code F}) and {@code ~/.ssh} ({@code D}):
 * {@code cat >> F}, {@code cat > F} (stdin), {@code cat F}; {@code echo WORDS... >> F} (or {@code > F}, or no
 * redirection: print); {@code tee -a F}, {@code tee F} (stdin, copied to stdout); {@code touch F};
 * {@code mkdir -p D}; {@code chmod 600 F}, {@code chmod 700 D} (no-ops: modes are already 0600 and 0700).
 */
final class RestrictedCommandLine {

    /** A step and whether it runs only if the previous one succeeded ({@code &&}) or regardless ({@code ;}). */
    record Step(Op op, boolean onlyAfterSuccess) {
    }

    sealed interface Op {
    }

    /** Reads stdin and appends it (or replaces the file); {@code echoToStdout} for tee. */
    record WriteStdin(boolean append, boolean echoToStdout) implements Op {
    }

    /** Writes {@code line} and a newline: to the file (append or replace), or to stdout if {@code toFile} is false. */
    record WriteLine(String line, boolean toFile, boolean append) implements Op {
    }

    record PrintFile() implements Op {
    }

    record Touch() implements Op {
    }

    /** A command that has nothing to do in the sandbox (the directory exists, the modes are already strict). */
    record NoOp() implements Op {
    }

    /** The line, or a part of it, is outside what the restricted shell runs; the message is for the user. */
    static final class Unsupported extends Exception {
        Unsupported(String message) {
            super(message);
        }
    }

    private sealed interface Token {
    }

    private record Word(String text) implements Token {
    }

    private record Operator(String symbol) implements Token {
    }

    private final String home;
    private final String keysFile;
    private final String sshDir;

    private RestrictedCommandLine(String user) {
        this.home = "/home/" + user;
        this.sshDir = home + "/.ssh";
        this.keysFile = sshDir + "/authorized_keys";
    }

    /** Parses {@code line} as run by {@code user}; nothing runs unless the whole line is supported. */
    static List<Step> parse(String line, String user) throws Unsupported {
        return new RestrictedCommandLine(user).steps(line);
    }

    private List<Step> steps(String line) throws Unsupported {
        List<Token> tokens = tokenize(line);
        List<Step> steps = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        boolean onlyAfterSuccess = false;
        for (Token token : tokens) {
            if (token instanceof Operator op && (op.symbol().equals("&&") || op.symbol().equals(";"))) {
                if (current.isEmpty()) {
                    throw new Unsupported("syntax error near '" + op.symbol() + "'");
                }
                steps.add(new Step(command(current), onlyAfterSuccess));
                current = new ArrayList<>();
                onlyAfterSuccess = op.symbol().equals("&&");
            } else {
                current.add(token);
            }
        }
        if (!current.isEmpty()) {
            steps.add(new Step(command(current), onlyAfterSuccess));
        } else if (onlyAfterSuccess) {
            throw new Unsupported("syntax error: the line ends with '&&'");
        }
        if (steps.isEmpty()) {
            throw new Unsupported("empty command");
        }
        return steps;
    }

    private Op command(List<Token> tokens) throws Unsupported {
        List<String> words = new ArrayList<>();
        String redirect = null;
        String target = null;
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i) instanceof Operator op) {
                if (redirect != null || i + 1 >= tokens.size() || !(tokens.get(i + 1) instanceof Word file)) {
                    throw new Unsupported("syntax error near '" + op.symbol() + "'");
                }
                redirect = op.symbol();
                target = path(file.text());
                i++;
            } else {
                words.add(((Word) tokens.get(i)).text());
            }
        }
        if (words.isEmpty()) {
            throw new Unsupported("a redirection without a command");
        }
        if (target != null && !target.equals(keysFile)) {
            throw new Unsupported("only ~/.ssh/authorized_keys can be written");
        }
        String name = words.get(0);
        List<String> args = words.subList(1, words.size());
        boolean append = ">>".equals(redirect);
        return switch (name) {
            case "cat" -> cat(args, redirect, append);
            case "echo" -> echo(args, redirect, append);
            case "tee" -> tee(args, redirect);
            case "touch" -> fileCommand(name, args, redirect, new Touch());
            case "mkdir" -> mkdir(args, redirect);
            case "chmod" -> chmod(args, redirect);
            default -> throw new Unsupported(clip(name) + ": command not found");
        };
    }

    private Op cat(List<String> args, String redirect, boolean append) throws Unsupported {
        if (redirect != null) {
            if (args.isEmpty() || args.equals(List.of("-"))) {
                return new WriteStdin(append, false);
            }
            throw new Unsupported("cat: only stdin can be written to ~/.ssh/authorized_keys");
        }
        return fileCommand("cat", args, null, new PrintFile());
    }

    private Op echo(List<String> args, String redirect, boolean append) throws Unsupported {
        if (!args.isEmpty() && args.get(0).startsWith("-")) {
            throw new Unsupported("echo: options are not supported");
        }
        return new WriteLine(String.join(" ", args), redirect != null, append);
    }

    private Op tee(List<String> args, String redirect) throws Unsupported {
        if (redirect != null) {
            throw new Unsupported("tee: redirections are not supported");
        }
        boolean append = !args.isEmpty() && args.get(0).equals("-a");
        List<String> files = append ? args.subList(1, args.size()) : args;
        if (files.size() != 1 || !path(files.get(0)).equals(keysFile)) {
            throw new Unsupported("tee: only ~/.ssh/authorized_keys can be written");
        }
        return new WriteStdin(append, true);
    }

    private Op fileCommand(String name, List<String> args, String redirect, Op op) throws Unsupported {
        if (redirect != null || args.size() != 1 || !path(args.get(0)).equals(keysFile)) {
            throw new Unsupported(name + ": only ~/.ssh/authorized_keys is available");
        }
        return op;
    }

    private Op mkdir(List<String> args, String redirect) throws Unsupported {
        if (redirect == null && args.size() == 2 && args.get(0).equals("-p") && path(args.get(1)).equals(sshDir)) {
            return new NoOp();
        }
        throw new Unsupported("mkdir: only 'mkdir -p ~/.ssh' is supported");
    }

    private Op chmod(List<String> args, String redirect) throws Unsupported {
        if (redirect == null && args.size() == 2) {
            String mode = args.get(0);
            String target = path(args.get(1));
            boolean strictFile = List.of("600", "0600", "u=rw,go=", "go-rwx", "og-rwx").contains(mode);
            boolean strictDir = List.of("700", "0700", "u=rwx,go=", "go-rwx", "og-rwx").contains(mode);
            if (target.equals(keysFile) && strictFile || target.equals(sshDir) && strictDir) {
                return new NoOp();
            }
        }
        throw new Unsupported("chmod: only 'chmod 600 ~/.ssh/authorized_keys' and 'chmod 700 ~/.ssh' are supported");
    }

    /** An absolute, normalised path; relative paths start at the home directory, the login directory. */
    private String path(String word) {
        String absolute = word.startsWith("/") ? word : home + "/" + word;
        String normal = Path.of(absolute).normalize().toString();
        return normal.length() > 1 && normal.endsWith("/") ? normal.substring(0, normal.length() - 1) : normal;
    }

    private List<Token> tokenize(String line) throws Unsupported {
        List<Token> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n') {
                inWord = flush(tokens, word, inWord);
                i++;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new Unsupported("unterminated quote");
                }
                word.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i = doubleQuoted(line, i + 1, word);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw new Unsupported("a trailing backslash");
                }
                word.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else if (c == '>') {
                inWord = flush(tokens, word, inWord);
                boolean twice = i + 1 < n && line.charAt(i + 1) == '>';
                tokens.add(new Operator(twice ? ">>" : ">"));
                i += twice ? 2 : 1;
            } else if (c == '&') {
                if (i + 1 < n && line.charAt(i + 1) == '&') {
                    inWord = flush(tokens, word, inWord);
                    tokens.add(new Operator("&&"));
                    i += 2;
                } else {
                    throw new Unsupported("background jobs are not supported");
                }
            } else if (c == ';') {
                inWord = flush(tokens, word, inWord);
                tokens.add(new Operator(";"));
                i++;
            } else if (c == '#' && !inWord) {
                break;
            } else if (c == '$') {
                i = home(line, i, word);
                inWord = true;
            } else if (c == '~' && !inWord && (i + 1 >= n || "/ \t;&>".indexOf(line.charAt(i + 1)) >= 0)) {
                word.append(home);
                inWord = true;
                i++;
            } else if ("|<()`*?[{}".indexOf(c) >= 0) {
                throw new Unsupported("'" + c + "' is not supported");
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        flush(tokens, word, inWord);
        return tokens;
    }

    /** Appends a double-quoted string's value; returns the index after the closing quote. */
    private int doubleQuoted(String line, int start, StringBuilder word) throws Unsupported {
        int i = start;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                return i + 1;
            } else if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                word.append(line.charAt(i + 1));
                i += 2;
            } else if (c == '$') {
                i = home(line, i, word);
            } else if (c == '`') {
                throw new Unsupported("command substitution is not supported");
            } else {
                word.append(c);
                i++;
            }
        }
        throw new Unsupported("unterminated quote");
    }

    /** {@code $HOME} or {@code ${HOME}} at {@code i}; any other expansion is unsupported. */
    private int home(String line, int i, StringBuilder word) throws Unsupported {
        for (String form : List.of("${HOME}", "$HOME")) {
            if (line.startsWith(form, i)) {
                int after = i + form.length();
                if (form.equals("$HOME") && after < line.length()
                        && (Character.isLetterOrDigit(line.charAt(after)) || line.charAt(after) == '_')) {
                    break;
                }
                word.append(home);
                return after;
            }
        }
        throw new Unsupported("variables other than $HOME are not supported");
    }

    private static boolean flush(List<Token> tokens, StringBuilder word, boolean inWord) {
        if (inWord) {
            tokens.add(new Word(word.toString()));
            word.setLength(0);
        }
        return false;
    }

    /** User text in messages is kept short. */
    static String clip(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
