package io.codesynth.diffusion.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Several hundred short texts that stress a code tokenizer: Python, JavaScript and other languages,
 * unicode (CJK, emoji, accents in composed and decomposed form), whitespace runs, CRLF, digits,
 * contractions and chat-template special tokens.
 */
public final class CodeSnippets {

    private static final String[] BASE = {
        "def add(a, b):\n    return a + b\n",
        "def fib(n: int) -> int:\n    \"\"\"Return the n-th Fibonacci number.\"\"\"\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n",
        "from typing import List\n\n\ndef has_close_elements(numbers: List[float], threshold: float) -> bool:\n    for idx, elem in enumerate(numbers):\n        for idx2, elem2 in enumerate(numbers):\n            if idx != idx2 and abs(elem - elem2) < threshold:\n                return True\n    return False\n",
        "class Stack:\n    def __init__(self):\n        self._items = []\n\n    def push(self, item):\n        self._items.append(item)\n",
        "import numpy as np\nx = np.arange(10).reshape(2, 5)\nprint(x.T @ x)\n",
        "with open('data.txt', encoding='utf-8') as f:\n    lines = [l.rstrip('\\n') for l in f]\n",
        "result = {k: v ** 2 for k, v in zip('abc', range(3)) if v % 2 == 0}\n",
        "async def fetch(session, url):\n    async with session.get(url) as r:\n        return await r.json()\n",
        "lambda x, *args, **kwargs: (x, args, kwargs)",
        "assert candidate([1, 2, 3]) == 6, \"sum failed\"\n",
        "try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    raise ValueError('bad') from e\nfinally:\n    pass\n",
        "@dataclass(frozen=True)\nclass Point:\n    x: float = 0.0\n    y: float = 0.0\n",
        "s = f\"{name!r:>10} = {value:.3f}\"",
        "function add(a, b) {\n  return a + b;\n}\n",
        "const squares = [1, 2, 3].map((x) => x * x).filter(x => x > 1);\n",
        "export default async function handler(req, res) {\n  res.status(200).json({ ok: true });\n}\n",
        "let s = `template ${a + b} literal`;\nconsole.log(s === 'x' ? 1 : 2);\n",
        "if (a !== b && c >= d || !e) { x++; y--; z **= 2; }",
        "document.querySelector('#app').addEventListener('click', () => {});",
        "public static void main(String[] args) {\n    System.out.println(\"Hello, world!\");\n}\n",
        "for (int i = 0; i < n; ++i) { sum += a[i] * b[i]; }",
        "#include <stdio.h>\nint main(void) { printf(\"%d\\n\", 42); return 0; }\n",
        "fn main() {\n    let v: Vec<u32> = (0..10).collect();\n    println!(\"{:?}\", v);\n}\n",
        "SELECT id, name FROM users WHERE age >= 18 ORDER BY name DESC LIMIT 10;",
        "#!/usr/bin/env bash\nset -euo pipefail\nfor f in *.txt; do echo \"$f\"; done\n",
        "{\"key\": [1, 2.5, -3e10, true, null], \"nested\": {\"a\": \"b\"}}",
        "<div class=\"row\"><span>&nbsp;&lt;tag&gt;</span></div>",
        "# 标题\n打印(\"你好，世界\")\nprint('こんにちは世界')  # 日本語のコメント\n",
        "emoji = '😀🚀🔥 👩‍💻 🇫🇷'\n",
        "café naïve résumé Ångström",
        "cafe\u0301 nai\u0308ve (decomposed accents that NFC composes)",
        "Ελληνικά Русский текст עברית العربية हिन्दी",
        "x = 1\t\t# tabs\n\ty = 2\n",
        "     leading spaces and trailing spaces     ",
        "a\n\n\n\nb\r\n\r\nc\r\n",
        "\n\n    \n\t\n  ",
        "numbers 1234567890 3.14159 1e-9 0xFF 0b1010 1_000_000",
        "I'm sure you'll see it's what they'd've DONE'S",
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n",
        "https://example.com/path?query=1&other=two#frag",
        "!!!???...,,,;;;:::---___===+++***",
        "<|im_start|>user\nWrite a function.<|im_end|>\n<|im_start|>assistant\n",
        "<|endoftext|>",
        "text before<|endoftext|>text after",
        "<|fim_prefix|>def f():\n<|fim_suffix|>\n    return 1<|fim_middle|>",
        "<think>\nreasoning\n</think>\n\nanswer",
        "<tool_call>{\"name\": \"run\"}</tool_call>",
        "<|im_start|><|im_end|><|im_start|>",
        "\u00a0non-breaking\u2009thin\u3000ideographic spaces",
        "zero\u200bwidth and \ufeffBOM",
    };

    private static final String CHAT = "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
            + "<|im_start|>user\n%s\n<|im_end|>\n<|im_start|>assistant\n";

    private CodeSnippets() {
    }

    /** Every base snippet as is, indented, with tabs, in the chat template, with CRLF, with trailing whitespace, and joined to the next. */
    public static List<String> all() {
        List<String> snippets = new ArrayList<>();
        for (int i = 0; i < BASE.length; i++) {
            String s = BASE[i];
            snippets.add(s);
            snippets.add(s.indent(4));
            snippets.add(s.replace("    ", "\t"));
            snippets.add(CHAT.formatted(s));
            snippets.add(s.replace("\n", "\r\n"));
            snippets.add(s + "   \n\t \n");
            snippets.add(s + "\n\n\n" + BASE[(i + 1) % BASE.length]);
        }
        return snippets;
    }
}
