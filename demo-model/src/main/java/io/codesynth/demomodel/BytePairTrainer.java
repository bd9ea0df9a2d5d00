package io.codesynth.demomodel;

import io.codesynth.diffusion.tokenizer.Qwen2TokenizerConverter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Learns byte-level BPE merges the way GPT-2 and Qwen2 tokenizers are trained: text is split by Qwen2's
 * pre-tokenizer regex (the one {@link Qwen2TokenizerConverter} writes into {@code tokenizer.json}, so training and
 * encoding see the same pieces), each piece becomes its bytes in GPT-2's byte-to-character alphabet, and the most
 * frequent adjacent pair is merged until the merge budget is spent or no pair occurs twice.
 *
 * <p>Deterministic: ties go to the pair of the older symbols. The word table is small for this family (a few
 * thousand distinct pieces), so pair counts are simply recounted for every merge.
 */
public final class BytePairTrainer {

    private static final Pattern PRE_TOKENIZER = Pattern.compile(Qwen2TokenizerConverter.QWEN2_PRE_TOKENIZER_REGEX);

    /** GPT-2's bytes_to_unicode: printable bytes stand for themselves, the rest are shifted past U+0100. */
    static final char[] BYTE_TO_CHAR = byteToChar();

    /** The learnt vocabulary (byte symbols first, then one token per merge, in merge order) and the merges. */
    public record Result(List<String> vocabulary, List<String[]> merges) {
    }

    private BytePairTrainer() {
    }

    public static Result train(Iterable<String> texts, int maxMerges) {
        Map<String, Integer> pieceCounts = new LinkedHashMap<>();
        for (String text : texts) {
            Matcher matcher = PRE_TOKENIZER.matcher(text);
            while (matcher.find()) {
                pieceCounts.merge(byteLevel(matcher.group()), 1, Integer::sum);
            }
        }
        List<String> symbols = new ArrayList<>();
        Map<Character, Integer> byteSymbol = new HashMap<>();
        for (int b = 0; b < 256; b++) {
            byteSymbol.put(BYTE_TO_CHAR[b], symbols.size());
            symbols.add(String.valueOf(BYTE_TO_CHAR[b]));
        }
        List<int[]> words = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        pieceCounts.forEach((piece, count) -> {
            int[] word = new int[piece.length()];
            for (int i = 0; i < word.length; i++) {
                word[i] = byteSymbol.get(piece.charAt(i));
            }
            words.add(word);
            counts.add(count);
        });

        List<String[]> merges = new ArrayList<>();
        while (merges.size() < maxMerges) {
            Map<Long, Long> pairs = new HashMap<>();
            for (int w = 0; w < words.size(); w++) {
                int[] word = words.get(w);
                for (int i = 0; i + 1 < word.length; i++) {
                    pairs.merge(pair(word[i], word[i + 1]), (long) counts.get(w), Long::sum);
                }
            }
            long best = -1;
            long bestCount = 1;  // a pair seen once is not worth a token
            for (Map.Entry<Long, Long> entry : pairs.entrySet()) {
                if (entry.getValue() > bestCount || (entry.getValue() == bestCount && best >= 0 && entry.getKey() < best)) {
                    best = entry.getKey();
                    bestCount = entry.getValue();
                }
            }
            if (best < 0) {
                break;
            }
            int left = (int) (best >>> 32);
            int right = (int) best;
            int merged = symbols.size();
            symbols.add(symbols.get(left) + symbols.get(right));
            merges.add(new String[] {symbols.get(left), symbols.get(right)});
            for (int w = 0; w < words.size(); w++) {
                words.set(w, apply(words.get(w), left, right, merged));
            }
        }
        return new Result(List.copyOf(symbols), List.copyOf(merges));
    }

    private static int[] apply(int[] word, int left, int right, int merged) {
        int[] out = null;
        int length = 0;
        for (int i = 0; i < word.length; i++) {
            if (i + 1 < word.length && word[i] == left && word[i + 1] == right) {
                if (out == null) {
                    out = new int[word.length - 1];
                    System.arraycopy(word, 0, out, 0, i);
                    length = i;
                }
                out[length++] = merged;
                i++;
            } else if (out != null) {
                out[length++] = word[i];
            }
        }
        return out == null ? word : java.util.Arrays.copyOf(out, length);
    }

    private static long pair(int left, int right) {
        return ((long) left << 32) | (right & 0xffffffffL);
    }

    static String byteLevel(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            out.append(BYTE_TO_CHAR[b & 0xff]);
        }
        return out.toString();
    }

    private static char[] byteToChar() {
        char[] table = new char[256];
        int shifted = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            table[b] = printable ? (char) b : (char) (256 + shifted++);
        }
        return table;
    }
}
