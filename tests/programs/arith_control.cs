// Integer arithmetic and control flow: every integer operator, comparisons
// signed and unsigned, goto, nested loops, short-circuit logic.
using System;

static class ArithControl
{
    static int failures;

    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static int Classify(int x)
    {
        if (x < -100) return -2;
        else if (x < 0) return -1;
        else if (x == 0) return 0;
        else if (x <= 100) return 1;
        return 2;
    }

    static int GotoLoop(int n)
    {
        int i = 0, s = 0;
    top:
        if (i >= n) goto done;
        s += i * i;
        i++;
        goto top;
    done:
        return s;
    }

    static bool SideEffect(ref int counter, bool value) { counter++; return value; }

    static uint UDiv(uint a, uint b) { return a / b; }
    static uint URem(uint a, uint b) { return a % b; }
    static int SDiv(int a, int b) { return a / b; }
    static int SRem(int a, int b) { return a % b; }

    static int Main()
    {
        // Operators on values the compiler cannot fold.
        int[] xs = { 0, 1, -1, 7, -7, 13, int.MaxValue, int.MinValue, 0x55AA55AA, -123456789 };
        long checksum = 0;
        foreach (int a in xs)
        {
            foreach (int b in xs)
            {
                checksum = checksum * 31 + (a + b);
                checksum = checksum * 31 + (a - b);
                checksum = checksum * 31 + (a * b);
                checksum = checksum * 31 + (a & b) + (a | b) + (a ^ b);
                checksum = checksum * 31 + (a << (b & 31)) + (a >> (b & 31));
                checksum = checksum * 31 + (int)((uint)a >> (b & 31));
                if (b != 0 && !(a == int.MinValue && b == -1))
                {
                    checksum = checksum * 31 + SDiv(a, b) + SRem(a, b);
                    checksum = checksum * 31 + UDiv((uint)a, (uint)b) + URem((uint)a, (uint)b);
                }
                checksum = checksum * 31 + (a < b ? 1 : 0) + ((uint)a < (uint)b ? 2 : 0)
                    + (a >= b ? 4 : 0) + ((uint)a >= (uint)b ? 8 : 0);
            }
        }
        Console.WriteLine("checksum " + checksum);

        Check(SDiv(-9, 4) == -2 && SRem(-9, 4) == -1, "signed div/rem truncate");
        Check(UDiv(0xFFFFFFFF, 16) == 0x0FFFFFFF, "unsigned div");
        Check(URem(0xFFFFFFFE, 10) == 4, "unsigned rem");
        Check(-int.MaxValue - 1 == int.MinValue, "min value");
        Check(unchecked(int.MaxValue + xs[1]) == int.MinValue, "wrap");
        Check((0xF0 >> 4) == 0xF && (-16 >> 2) == -4, "shift right");

        int caught = 0;
        try { SDiv(xs[1], xs[0]); } catch (DivideByZeroException) { caught++; }
        try { SRem(xs[2], xs[0]); } catch (DivideByZeroException) { caught++; }
        try { SDiv(int.MinValue, xs[2]); } catch (ArithmeticException) { caught++; }
        Check(caught == 3, "division exceptions: " + caught);

        // Branch ladders.
        int[] cls = new int[5];
        for (int x = -300; x <= 300; x++) cls[Classify(x) + 2]++;
        Console.WriteLine("classes " + cls[0] + " " + cls[1] + " " + cls[2] + " " + cls[3] + " " + cls[4]);
        Check(cls[0] == 200 && cls[1] == 100 && cls[2] == 1 && cls[3] == 100 && cls[4] == 200, "classify");

        Check(GotoLoop(10) == 285, "goto loop");

        // Short-circuit evaluation.
        int count = 0;
        bool r1 = SideEffect(ref count, false) && SideEffect(ref count, true);
        bool r2 = SideEffect(ref count, true) || SideEffect(ref count, true);
        bool r3 = SideEffect(ref count, true) & SideEffect(ref count, false);
        Check(!r1 && r2 && !r3 && count == 4, "short circuit " + count);

        // Labeled nested loops via flags, continue in while.
        int found = -1;
        for (int i = 1; i < 50 && found < 0; i++)
            for (int j = i; j < 50; j++)
                if (i * i + j * j == 25 * 25 && i > 10) { found = i * 100 + j; break; }
        Check(found == 1520, "pythagorean " + found);

        int w = 0, odd = 0;
        while (w < 100)
        {
            w++;
            if (w % 2 == 0) continue;
            odd += w;
        }
        Check(odd == 2500, "odd sum");

        // Conditional expressions and compound assignment.
        int acc = 1;
        for (int i = 0; i < 20; i++)
        {
            acc += i % 3 == 0 ? i : -1;
            acc *= i % 5 == 4 ? 2 : 1;
            acc ^= i << 3;
            acc -= acc > 1000 ? 1000 : 0;
        }
        Console.WriteLine("acc " + acc);

        byte bb = 200; bb += 100;
        Check(bb == 44, "byte compound wraps");
        short ss = short.MaxValue; ss++;
        Check(ss == short.MinValue, "short increment wraps");

        Console.WriteLine(failures == 0 ? "arith_control ok" : "arith_control FAILED");
        return failures == 0 ? 100 : 1;
    }
}
