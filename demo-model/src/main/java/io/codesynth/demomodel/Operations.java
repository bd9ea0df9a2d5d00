package io.codesynth.demomodel;

import static io.codesynth.demomodel.Constant.CHAR;
import static io.codesynth.demomodel.Constant.CHAR_PAIR;
import static io.codesynth.demomodel.Constant.COUNT;
import static io.codesynth.demomodel.Constant.FACTOR;
import static io.codesynth.demomodel.Constant.MODULUS;
import static io.codesynth.demomodel.Constant.NONE;
import static io.codesynth.demomodel.Constant.OFFSET;
import static io.codesynth.demomodel.Constant.THRESHOLD;
import static io.codesynth.demomodel.ValueType.BOOL;
import static io.codesynth.demomodel.ValueType.INT;
import static io.codesynth.demomodel.ValueType.LIST;
import static io.codesynth.demomodel.ValueType.STR;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongPredicate;
import java.util.function.LongUnaryOperator;

/**
 * The catalogue of primitive operations. Python semantics are followed exactly where Java differs: floor
 * division and modulo round towards negative infinity, {@code max}/{@code min}/indexing of an empty list raise.
 */
public final class Operations {

    private static final Map<String, Operation> BY_ID = new LinkedHashMap<>();

    static {
        // int -> int
        add("add", INT, INT, OFFSET, "{x} + {k}", "add {k}", "add", (x, k) -> n(x) + n(k));
        add("subtract", INT, INT, OFFSET, "{x} - {k}", "subtract {k}", "minus", (x, k) -> n(x) - n(k));
        add("multiply", INT, INT, FACTOR, "{x} * {k}", "multiply by {k}", "times", (x, k) -> n(x) * n(k));
        add("floor_divide", INT, INT, FACTOR, "{x} // {k}", "divide by {k}, rounding down", "div",
                (x, k) -> Math.floorDiv(n(x), n(k)));
        add("modulo", INT, INT, MODULUS, "{x} % {k}", "take the remainder after dividing by {k}", "mod",
                (x, k) -> Math.floorMod(n(x), n(k)));
        add("abs", INT, INT, NONE, "abs({x})", "take the absolute value", "absolute", (x, k) -> Math.abs(n(x)));
        add("square", INT, INT, NONE, "{x} * {x}", "square it", "square", (x, k) -> n(x) * n(x));
        add("negate", INT, INT, NONE, "-{x}", "negate it", "neg", (x, k) -> -n(x));
        add("digit_sum", INT, INT, NONE, "sum(int(c) for c in str(abs({x})))", "add up its decimal digits, ignoring the sign",
                "digit_sum", (x, k) -> digits(n(x)).stream().mapToLong(Long::longValue).sum());
        add("at_least", INT, INT, THRESHOLD, "max({x}, {k})", "raise it to {k} if it is smaller", "at_least",
                (x, k) -> Math.max(n(x), n(k)));
        add("at_most", INT, INT, THRESHOLD, "min({x}, {k})", "lower it to {k} if it is larger", "at_most",
                (x, k) -> Math.min(n(x), n(k)));
        // int -> other
        add("int_to_str", INT, STR, NONE, "str({x})", "write it as a decimal string", "text", (x, k) -> Long.toString(n(x)));
        add("range", INT, LIST, NONE, "list(range({x}))", "list the integers from 0 up to but not including it", "up_to",
                (x, k) -> {
                    if (n(x) > 15) {
                        throw new Operation.InvalidInput("range too long");
                    }
                    List<Long> out = new ArrayList<>();
                    for (long i = 0; i < n(x); i++) {
                        out.add(i);
                    }
                    return out;
                });
        add("digits", INT, LIST, NONE, "[int(c) for c in str(abs({x}))]", "list its decimal digits, ignoring the sign",
                "digits", (x, k) -> digits(n(x)));
        add("is_even", INT, BOOL, NONE, "{x} % 2 == 0", "check whether it is even", "is_even", (x, k) -> n(x) % 2 == 0);
        add("is_positive", INT, BOOL, NONE, "{x} > 0", "check whether it is greater than zero", "is_positive",
                (x, k) -> n(x) > 0);
        add("is_divisible", INT, BOOL, MODULUS, "{x} % {k} == 0", "check whether it is divisible by {k}", "divisible",
                (x, k) -> Math.floorMod(n(x), n(k)) == 0);
        // list -> list
        add("keep_greater", LIST, LIST, THRESHOLD, "[v for v in {x} if v > {k}]", "keep only the elements greater than {k}",
                "above", (x, k) -> filter(x, v -> v > n(k)));
        add("keep_less", LIST, LIST, THRESHOLD, "[v for v in {x} if v < {k}]", "keep only the elements less than {k}",
                "below", (x, k) -> filter(x, v -> v < n(k)));
        add("keep_even", LIST, LIST, NONE, "[v for v in {x} if v % 2 == 0]", "keep only the even elements", "evens",
                (x, k) -> filter(x, v -> v % 2 == 0));
        add("keep_odd", LIST, LIST, NONE, "[v for v in {x} if v % 2 == 1]", "keep only the odd elements", "odds",
                (x, k) -> filter(x, v -> Math.floorMod(v, 2) == 1));
        add("remove_value", LIST, LIST, THRESHOLD, "[v for v in {x} if v != {k}]", "remove every element equal to {k}",
                "without", (x, k) -> filter(x, v -> v != n(k)));
        add("add_each", LIST, LIST, OFFSET, "[v + {k} for v in {x}]", "add {k} to every element", "shift",
                (x, k) -> map(x, v -> v + n(k)));
        add("multiply_each", LIST, LIST, FACTOR, "[v * {k} for v in {x}]", "multiply every element by {k}", "scale",
                (x, k) -> map(x, v -> v * n(k)));
        add("square_each", LIST, LIST, NONE, "[v * v for v in {x}]", "square every element", "squares",
                (x, k) -> map(x, v -> v * v));
        add("abs_each", LIST, LIST, NONE, "[abs(v) for v in {x}]", "replace every element by its absolute value",
                "magnitudes", (x, k) -> map(x, Math::abs));
        add("modulo_each", LIST, LIST, MODULUS, "[v % {k} for v in {x}]",
                "replace every element by its remainder after dividing by {k}", "residues",
                (x, k) -> map(x, v -> Math.floorMod(v, n(k))));
        add("reverse_list", LIST, LIST, NONE, "{x}[::-1]", "reverse the order of the elements", "flipped", (x, k) -> {
            List<Long> out = new ArrayList<>(list(x));
            Collections.reverse(out);
            return out;
        });
        add("sort", LIST, LIST, NONE, "sorted({x})", "sort the elements in ascending order", "ascending", (x, k) -> {
            List<Long> out = new ArrayList<>(list(x));
            Collections.sort(out);
            return out;
        });
        add("sort_descending", LIST, LIST, NONE, "sorted({x}, reverse=True)", "sort the elements in descending order",
                "descending", (x, k) -> {
                    List<Long> out = new ArrayList<>(list(x));
                    out.sort(Collections.reverseOrder());
                    return out;
                });
        add("take", LIST, LIST, COUNT, "{x}[:{k}]", "keep only the first {k} elements", "head",
                (x, k) -> new ArrayList<>(list(x).subList(0, (int) Math.min(n(k), list(x).size()))));
        add("drop", LIST, LIST, COUNT, "{x}[{k}:]", "drop the first {k} elements", "tail",
                (x, k) -> new ArrayList<>(list(x).subList((int) Math.min(n(k), list(x).size()), list(x).size())));
        add("every_other", LIST, LIST, NONE, "{x}[::2]", "keep every other element, starting with the first",
                "alternate", (x, k) -> {
                    List<Long> out = new ArrayList<>();
                    for (int i = 0; i < list(x).size(); i += 2) {
                        out.add(list(x).get(i));
                    }
                    return out;
                });
        add("distinct", LIST, LIST, NONE, "sorted(set({x}))", "keep each distinct value once, in ascending order",
                "distinct", (x, k) -> new ArrayList<>(new TreeSet<>(list(x))));
        add("prefix_sums", LIST, LIST, NONE, "[sum({x}[:i + 1]) for i in range(len({x}))]",
                "replace every element by the sum of the elements up to and including it", "running_total", (x, k) -> {
                    List<Long> out = new ArrayList<>();
                    long total = 0;
                    for (long v : list(x)) {
                        total += v;
                        out.add(total);
                    }
                    return out;
                });
        // list -> other
        add("sum", LIST, INT, NONE, "sum({x})", "take the sum of the elements", "total",
                (x, k) -> list(x).stream().mapToLong(Long::longValue).sum());
        add("length", LIST, INT, NONE, "len({x})", "count the elements", "count", (x, k) -> (long) list(x).size());
        add("maximum", LIST, INT, NONE, "max({x})", "take the largest element", "largest",
                (x, k) -> Collections.max(nonEmpty(x)));
        add("minimum", LIST, INT, NONE, "min({x})", "take the smallest element", "smallest",
                (x, k) -> Collections.min(nonEmpty(x)));
        add("count_value", LIST, INT, THRESHOLD, "{x}.count({k})", "count how many elements equal {k}", "occurrences",
                (x, k) -> list(x).stream().filter(v -> v == n(k)).count());
        add("count_even", LIST, INT, NONE, "sum(1 for v in {x} if v % 2 == 0)", "count the even elements", "even_count",
                (x, k) -> list(x).stream().filter(v -> v % 2 == 0).count());
        add("first", LIST, INT, NONE, "{x}[0]", "take the first element", "first", (x, k) -> nonEmpty(x).getFirst());
        add("last", LIST, INT, NONE, "{x}[-1]", "take the last element", "last", (x, k) -> nonEmpty(x).getLast());
        add("spread", LIST, INT, NONE, "max({x}) - min({x})",
                "take the difference between the largest and the smallest element", "spread",
                (x, k) -> Collections.max(nonEmpty(x)) - Collections.min(nonEmpty(x)));
        add("join_digits", LIST, STR, NONE, "''.join(str(v) for v in {x})",
                "join the decimal strings of the elements into one string", "joined", (x, k) -> {
                    StringBuilder out = new StringBuilder();
                    list(x).forEach(out::append);
                    return out.toString();
                });
        add("contains_value", LIST, BOOL, THRESHOLD, "{k} in {x}", "check whether {k} is one of the elements", "has",
                (x, k) -> list(x).contains(n(k)));
        add("all_positive", LIST, BOOL, NONE, "all(v > 0 for v in {x})",
                "check whether every element is greater than zero", "all_positive",
                (x, k) -> list(x).stream().allMatch(v -> v > 0));
        add("any_even", LIST, BOOL, NONE, "any(v % 2 == 0 for v in {x})", "check whether some element is even",
                "any_even", (x, k) -> list(x).stream().anyMatch(v -> v % 2 == 0));
        add("is_sorted", LIST, BOOL, NONE, "{x} == sorted({x})", "check whether the elements are in ascending order",
                "is_sorted", (x, k) -> {
                    List<Long> sorted = new ArrayList<>(list(x));
                    Collections.sort(sorted);
                    return sorted.equals(list(x));
                });
        // str -> str
        add("upper", STR, STR, NONE, "{x}.upper()", "convert it to upper case", "upper",
                (x, k) -> s(x).toUpperCase(Locale.ROOT));
        add("lower", STR, STR, NONE, "{x}.lower()", "convert it to lower case", "lower",
                (x, k) -> s(x).toLowerCase(Locale.ROOT));
        add("swapcase", STR, STR, NONE, "{x}.swapcase()", "swap the case of every letter", "swapped", (x, k) -> {
            StringBuilder out = new StringBuilder();
            for (char c : s(x).toCharArray()) {
                out.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
            }
            return out.toString();
        });
        add("reverse_str", STR, STR, NONE, "{x}[::-1]", "reverse it", "backwards",
                (x, k) -> new StringBuilder(s(x)).reverse().toString());
        add("capitalize", STR, STR, NONE, "{x}.capitalize()",
                "make its first character upper case and the rest lower case", "capitalized",
                (x, k) -> s(x).isEmpty() ? "" : s(x).substring(0, 1).toUpperCase(Locale.ROOT) + s(x).substring(1).toLowerCase(Locale.ROOT));
        add("remove_vowels", STR, STR, NONE, "''.join(c for c in {x} if c not in 'aeiouAEIOU')", "remove its vowels",
                "consonants", (x, k) -> s(x).replaceAll("[aeiouAEIOU]", ""));
        add("take_chars", STR, STR, COUNT, "{x}[:{k}]", "keep only its first {k} characters", "prefix",
                (x, k) -> s(x).substring(0, (int) Math.min(n(k), s(x).length())));
        add("drop_chars", STR, STR, COUNT, "{x}[{k}:]", "drop its first {k} characters", "suffix",
                (x, k) -> s(x).substring((int) Math.min(n(k), s(x).length())));
        add("replace_char", STR, STR, CHAR_PAIR, "{x}.replace({a}, {b})", "replace every {a} with {b}", "swap_letter",
                (x, k) -> s(x).replace(s(k).charAt(0), s(k).charAt(1)));
        add("repeat", STR, STR, NONE, "{x} + {x}", "repeat it twice", "twice", (x, k) -> s(x) + s(x));
        add("remove_char", STR, STR, CHAR, "{x}.replace({k}, '')", "remove every {k}", "strip_letter",
                (x, k) -> s(x).replace(s(k), ""));
        // str -> other
        add("str_length", STR, INT, NONE, "len({x})", "count its characters", "size", (x, k) -> (long) s(x).length());
        add("count_char", STR, INT, CHAR, "{x}.count({k})", "count how many times {k} occurs in it", "letter_count",
                (x, k) -> s(x).chars().filter(c -> c == s(k).charAt(0)).count());
        add("count_vowels", STR, INT, NONE, "sum(1 for c in {x} if c in 'aeiouAEIOU')", "count its vowels",
                "vowel_count", (x, k) -> s(x).chars().filter(c -> "aeiouAEIOU".indexOf(c) >= 0).count());
        add("count_upper", STR, INT, NONE, "sum(1 for c in {x} if c.isupper())", "count its upper-case letters",
                "capitals", (x, k) -> s(x).chars().filter(Character::isUpperCase).count());
        add("char_codes", STR, LIST, NONE, "[ord(c) for c in {x}]", "list the character codes of its characters", "codes",
                (x, k) -> s(x).chars().mapToObj(c -> (long) c).toList());
        add("is_palindrome", STR, BOOL, NONE, "{x} == {x}[::-1]", "check whether it reads the same backwards",
                "is_palindrome", (x, k) -> s(x).contentEquals(new StringBuilder(s(x)).reverse()));
        add("starts_with", STR, BOOL, CHAR, "{x}.startswith({k})", "check whether it starts with {k}", "starts_with",
                (x, k) -> s(x).startsWith(s(k)));
        add("contains_char", STR, BOOL, CHAR, "{k} in {x}", "check whether it contains {k}", "has_letter",
                (x, k) -> s(x).contains(s(k)));
    }

    private Operations() {
    }

    /** Every operation, in catalogue order. */
    public static List<Operation> all() {
        return List.copyOf(BY_ID.values());
    }

    public static Operation byId(String id) {
        Operation op = BY_ID.get(id);
        if (op == null) {
            throw new IllegalArgumentException("no operation " + id);
        }
        return op;
    }

    private static void add(String id, ValueType in, ValueType out, Constant constant, String python, String english,
                            String slug, Operation.Function function) {
        if (BY_ID.put(id, new Operation(id, in, out, constant, python, english, slug, function)) != null) {
            throw new IllegalStateException("operation " + id + " defined twice");
        }
    }

    private static long n(Object value) {
        return (Long) value;
    }

    private static String s(Object value) {
        return (String) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Long> list(Object value) {
        return (List<Long>) value;
    }

    private static List<Long> nonEmpty(Object value) {
        if (list(value).isEmpty()) {
            throw new Operation.InvalidInput("empty list");
        }
        return list(value);
    }

    private static List<Long> filter(Object value, LongPredicate keep) {
        return list(value).stream().filter(keep::test).toList();
    }

    private static List<Long> map(Object value, LongUnaryOperator function) {
        return list(value).stream().map(function::applyAsLong).toList();
    }

    private static List<Long> digits(long value) {
        return Long.toString(Math.abs(value)).chars().mapToObj(c -> (long) (c - '0')).toList();
    }
}
