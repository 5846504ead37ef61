// Strings: literals, concatenation, comparison, searching, splitting,
// formatting, StringBuilder, chars and escapes.
using System;
using System.Text;

static class Strings
{
    static int failures;
    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static string Caesar(string s, int shift)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char c in s)
        {
            if (c >= 'a' && c <= 'z') sb.Append((char)('a' + (c - 'a' + shift) % 26));
            else if (c >= 'A' && c <= 'Z') sb.Append((char)('A' + (c - 'A' + shift) % 26));
            else sb.Append(c);
        }
        return sb.ToString();
    }

    static bool IsPalindrome(string s)
    {
        int i = 0, j = s.Length - 1;
        while (i < j) if (s[i++] != s[j--]) return false;
        return true;
    }

    static int Main()
    {
        string hello = "Hello";
        string world = "World";
        string hw = hello + ", " + world + "!";
        Console.WriteLine(hw);
        Check(hw.Length == 13 && hw[7] == 'W', "concat and index");
        Check(hw.Substring(7, 5) == world, "substring");
        Check(hw.IndexOf("World") == 7 && hw.IndexOf('z') == -1 && hw.LastIndexOf('o') == 8, "index of");
        Check(hw.ToUpper() == "HELLO, WORLD!" && hw.ToLower() == "hello, world!", "case (invariant-safe ascii)");
        Check(hw.Replace("l", "L") == "HeLLo, WorLd!", "replace");
        Check(hw.Contains("lo, W") && hw.StartsWith("Hell") && hw.EndsWith("!"), "contains/starts/ends");
        Check("  trim me \t".Trim() == "trim me", "trim");

        string[] parts = "a,b,,c".Split(',');
        Check(parts.Length == 4 && parts[2] == "" && parts[3] == "c", "split");
        Check(string.Join("-", parts) == "a-b--c", "join");

        // Equality vs identity.
        string a1 = new string('x', 3);
        string a2 = "xx" + "x".ToString();
        Check(a1 == a2 && a1.Equals(a2) && string.Equals(a1, a2), "value equality");
        Check(string.CompareOrdinal("apple", "banana") < 0 && string.CompareOrdinal("b", "a") > 0, "ordinal compare");
        Check(string.IsNullOrEmpty(null) && string.IsNullOrEmpty("") && !string.IsNullOrEmpty(" "), "null or empty");
        string nul = null;
        Check(nul + "x" == "x", "null concatenation");

        // Formatting (invariant-safe: integers and fixed literals only).
        string f = string.Format("{0}+{1}={2}", 2, 3, 2 + 3);
        Check(f == "2+3=5", "format");
        Check(string.Format("[{0,5}][{1,-4}]", 42, "ab") == "[   42][ab  ]", "alignment");
        Check(255.ToString("X") == "FF" && 255.ToString("x4") == "00ff" && 7.ToString("D3") == "007", "numeric formats");
        Check(int.Parse("-12345") == -12345 && long.Parse("9000000000") == 9000000000L, "parse");
        int parsed;
        Check(!int.TryParse("12x", out parsed) && int.TryParse("77", out parsed) && parsed == 77, "try parse");

        // StringBuilder.
        var sb = new StringBuilder();
        for (int i = 0; i < 10; i++) sb.Append(i).Append(',');
        sb.Length--;
        sb.Insert(0, "[").Append("]");
        Console.WriteLine(sb.ToString());
        Check(sb.ToString() == "[0,1,2,3,4,5,6,7,8,9]", "string builder");
        sb.Clear();
        for (int i = 0; i < 1000; i++) sb.Append('z');
        Check(sb.Length == 1000 && sb.ToString().IndexOf('z', 999) == 999, "long builder");

        // Chars.
        Check(char.IsDigit('7') && char.IsLetter('q') && char.IsWhiteSpace('\t') && !char.IsUpper('a'), "char tests");
        Check(char.ToUpper('m') == 'M' && (int)'A' == 65, "char conversions");
        string esc = "tab\tnl\n\"q\"\\\u00e9";
        Check(esc.Length == 12 && esc[3] == '\t' && esc[11] == '\u00e9', "escapes " + esc.Length);
        string verbatim = @"c:\dir\""file""";
        Check(verbatim == "c:\\dir\\\"file\"", "verbatim");

        Check(Caesar("Hello, World", 13) == "Uryyb, Jbeyq" && Caesar(Caesar("abcXYZ", 5), 21) == "abcXYZ", "caesar");
        Check(IsPalindrome("racecar") && !IsPalindrome("palindrome"), "palindrome");

        string s = "";
        for (int i = 0; i < 50; i++) s += (char)('A' + i % 26);
        Check(s.Length == 50 && s[26] == 'A' && s[49] == 'X', "string built char by char");
        char[] arr = s.ToCharArray();
        Array.Sort(arr);
        Check(new string(arr, 0, 4) == "AABB", "sorted chars");

        Console.WriteLine(failures == 0 ? "strings ok" : "strings FAILED");
        return failures == 0 ? 100 : 1;
    }
}
