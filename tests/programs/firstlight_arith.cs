// First-light: int arithmetic and control flow only (no objects, strings,
// arrays or static fields). Prints with Console.WriteLine(int); exit 100 = pass.
using System;

static class FirstlightArith
{
    static int Check(int got, int want, int id)
    {
        if (got == want) return 0;
        Console.WriteLine(-id);
        Console.WriteLine(got);
        return 1;
    }

    static int Add3(int a, int b, int c) { return a + b + c; }

    static int Poly(int x) { return 3 * x * x - 7 * x + 11; }

    static int Abs(int x) { return x < 0 ? -x : x; }

    static int Max(int a, int b) { if (a > b) return a; return b; }

    static int SumTo(int n)
    {
        int s = 0;
        for (int i = 1; i <= n; i++) s += i;
        return s;
    }

    static int DigitSum(int n)
    {
        int s = 0;
        while (n > 0) { s += n % 10; n /= 10; }
        return s;
    }

    static int CountBits(int x)
    {
        int c = 0;
        while (x != 0) { x &= x - 1; c++; }
        return c;
    }

    static int Isqrt(int n)
    {
        int r = 0;
        while ((r + 1) * (r + 1) <= n) r++;
        return r;
    }

    static int Wrap(int a, int b) { return a * b; }

    static int Main()
    {
        int bad = 0;
        bad += Check(Add3(1, 2, 3), 6, 1);
        bad += Check(Poly(5), 51, 2);
        bad += Check(Poly(-3), 59, 3);
        bad += Check(Abs(-17), 17, 4);
        bad += Check(Max(-4, -9), -4, 5);
        bad += Check(SumTo(100), 5050, 6);
        bad += Check(DigitSum(987654321), 45, 7);
        bad += Check(CountBits(0x7F00FF01), 16, 8);
        bad += Check(CountBits(-1), 32, 9);
        bad += Check(Isqrt(1000000), 1000, 10);
        bad += Check(Isqrt(999999), 999, 11);
        // Division truncates toward zero; remainder takes the dividend's sign.
        bad += Check(-7 / 2, -3, 12);
        bad += Check(-7 % 2, -1, 13);
        bad += Check(7 % -2, 1, 14);
        int m7 = -7, two = 2;
        bad += Check(m7 / two, -3, 15);
        bad += Check(m7 % two, -1, 16);
        // Shifts: arithmetic right shift, shift counts masked to 5 bits.
        int neg = -256;
        bad += Check(neg >> 4, -16, 17);
        int sh = 33;
        bad += Check(1 << sh, 2, 18);
        bad += Check((int)((uint)neg >> 28), 15, 19);
        // Wrap-around in unchecked int arithmetic.
        bad += Check(Wrap(65536, 65536), 0, 20);
        bad += Check(Wrap(int.MaxValue, 2), -2, 21);
        int minv = int.MinValue;
        bad += Check(minv - 1, int.MaxValue, 22);
        int x = 0x12345678;
        bad += Check(x ^ (x >> 16), 0x1234444C, 23);
        bad += Check(~x, -0x12345679, 24);
        bad += Check(x & 0xFF00, 0x5600, 25);
        bad += Check(x | 0xF, 0x1234567F, 26);

        // Nested loops with break and continue.
        int pairs = 0;
        for (int i = 0; i < 50; i++)
        {
            if (i % 3 == 0) continue;
            for (int j = i; j < 50; j++)
            {
                if (j - i > 10) break;
                if ((i + j) % 7 == 0) pairs++;
            }
        }
        bad += Check(pairs, 46, 27);

        // do/while and a switch-free state machine.
        int state = 1, steps = 0;
        do
        {
            state = state % 2 == 0 ? state / 2 : 3 * state + 1;
            steps++;
        } while (state != 1 && steps < 1000);
        bad += Check(steps, 3, 28);

        Console.WriteLine(SumTo(100));
        Console.WriteLine(Poly(5));
        Console.WriteLine(pairs);
        Console.WriteLine(bad);
        return bad == 0 ? 100 : bad;
    }
}
