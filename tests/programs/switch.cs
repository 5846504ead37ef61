// switch: dense (jump table) and sparse integer cases, negative cases, long
// and char switches, string switches, enum switches, goto case, default in
// the middle, fall-out via return.
using System;

enum Color { Red, Green, Blue, Yellow = 10, Black = -1 }

static class Switch
{
    static int failures;
    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static int Dense(int x)
    {
        switch (x)
        {
            case 0: return 10;
            case 1: return 11;
            case 2: return 12;
            case 3: return 13;
            case 4: return 14;
            case 5: return 15;
            case 6: return 16;
            case 7: return 17;
            default: return -1;
        }
    }

    static int Sparse(int x)
    {
        switch (x)
        {
            case -1000: return 1;
            case -1: return 2;
            case 7: return 3;
            case 100: return 4;
            case 1000000: return 5;
            case int.MaxValue: return 6;
            case int.MinValue: return 7;
        }
        return 0;
    }

    static string Fallthrough(int x)
    {
        string s = "";
        switch (x)
        {
            case 1:
                s += "one ";
                goto case 2;
            case 2:
                s += "two ";
                goto case 3;
            case 3:
                s += "three";
                break;
            default:
                s = "other";
                goto case 3;
            case 4:
            case 5:
                s = "four-or-five";
                break;
        }
        return s;
    }

    static int LongSwitch(long v)
    {
        switch (v)
        {
            case 1L << 40: return 1;
            case -(1L << 40): return 2;
            case 3: return 3;
            case 4: return 4;
            case 5: return 5;
            default: return 0;
        }
    }

    static string CharKind(char c)
    {
        switch (c)
        {
            case 'a': case 'e': case 'i': case 'o': case 'u': return "vowel";
            case ' ': return "space";
            case '0': case '1': case '2': case '3': case '4':
            case '5': case '6': case '7': case '8': case '9': return "digit";
            default: return char.IsLetter(c) ? "consonant" : "other";
        }
    }

    static int Command(string cmd)
    {
        switch (cmd)
        {
            case "add": return 1;
            case "sub": return 2;
            case "mul": return 3;
            case "div": return 4;
            case "mod": return 5;
            case "pow": return 6;
            case "neg": return 7;
            case "": return 8;
            case null: return 9;
            default: return 0;
        }
    }

    static string Name(Color c)
    {
        switch (c)
        {
            case Color.Red: return "red";
            case Color.Green: return "green";
            case Color.Blue: return "blue";
            case Color.Yellow: return "yellow";
            case Color.Black: return "black";
            default: return "unknown" + (int)c;
        }
    }

    static int Main()
    {
        int sum = 0;
        for (int i = -3; i < 12; i++) sum += Dense(i);
        Check(sum == 108 - 7, "dense switch " + sum);
        Check(Dense(int.MinValue) == -1 && Dense(int.MaxValue) == -1, "dense extremes");

        int[] probes = { -1000, -1, 7, 100, 1000000, int.MaxValue, int.MinValue, 0, 8, 99, 101, -999 };
        string sp = "";
        foreach (int p in probes) sp += Sparse(p);
        Check(sp == "123456700000", "sparse switch " + sp);

        Check(Fallthrough(1) == "one two three", "goto case chain");
        Check(Fallthrough(2) == "two three", "goto case");
        Check(Fallthrough(4) == "four-or-five" && Fallthrough(5) == "four-or-five", "shared labels");
        Check(Fallthrough(9) == "otherthree", "default then goto");

        Check(LongSwitch(1L << 40) == 1 && LongSwitch(-(1L << 40)) == 2 && LongSwitch(4) == 4 && LongSwitch(6) == 0
              && LongSwitch((1L << 32) + 3) == 0, "long switch");

        string kinds = "";
        foreach (char c in "kiln 2026!") kinds += CharKind(c)[0];
        Check(kinds == "cvccsddddo", "char switch " + kinds);

        string[] cmds = { "add", "sub", "mul", "div", "mod", "pow", "neg", "", null, "ADD", "adds", "pox" };
        string cs = "";
        foreach (string c in cmds) cs += Command(c);
        Check(cs == "123456789000", "string switch " + cs);

        string names = "";
        foreach (Color c in new[] { Color.Red, Color.Blue, Color.Yellow, Color.Black, (Color)3, Color.Green })
            names += Name(c) + " ";
        Console.WriteLine(names);
        Check(names == "red blue yellow black unknown3 green ", "enum switch");

        // A switch inside a loop driving a state machine.
        string input = "aabbbcabc";
        int state = 0, transitions = 0;
        foreach (char ch in input)
        {
            switch (state)
            {
                case 0: if (ch == 'b') { state = 1; transitions++; } break;
                case 1: if (ch == 'c') { state = 2; transitions++; } else if (ch == 'a') state = 0; break;
                case 2: state = ch == 'a' ? 0 : 2; transitions++; break;
            }
        }
        Check(state == 2 && transitions == 5, "state machine " + state + " " + transitions);

        Console.WriteLine(failures == 0 ? "switch ok" : "switch FAILED");
        return failures == 0 ? 100 : 1;
    }
}
