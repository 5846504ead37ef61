// Floating point: float and double arithmetic, conversions to and from
// integers (truncation toward zero, rounding to nearest-even),
// NaN comparison rules, infinities, negative zero, rounding, Math functions.
using System;

static class Floating
{
    static int failures;
    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static double Id(double d) { return d; }
    static float IdF(float f) { return f; }

    static double Horner(double[] coeffs, double x)
    {
        double r = 0;
        for (int i = coeffs.Length - 1; i >= 0; i--) r = r * x + coeffs[i];
        return r;
    }

    static double SqrtNewton(double v)
    {
        double x = v;
        for (int i = 0; i < 60; i++) x = 0.5 * (x + v / x);
        return x;
    }

    static double Integrate(Func<double, double> f, double a, double b, int n)
    {
        double h = (b - a) / n, s = 0.5 * (f(a) + f(b));
        for (int i = 1; i < n; i++) s += f(a + i * h);
        return s * h;
    }

    static int Main()
    {
        double nan = Id(double.NaN);
        Check(nan != nan && !(nan == nan) && !(nan < 1) && !(nan > 1) && !(nan <= nan) && !(nan >= nan), "NaN comparisons");
        Check(double.IsNaN(nan * 0) && double.IsNaN(Id(0.0) / Id(0.0)), "NaN production");
        Check(nan.Equals(nan), "NaN.Equals(NaN) is true");
        float nanf = IdF(float.NaN);
        Check(nanf != nanf && float.IsNaN(nanf + 1), "float NaN");

        double zero = Id(0.0);
        Check(1 / zero == double.PositiveInfinity && -1 / zero == double.NegativeInfinity, "infinities");
        double negZero = -zero;
        Check(negZero == zero && 1 / negZero == double.NegativeInfinity, "negative zero");
        Check(double.IsInfinity(Id(double.MaxValue) * 2) && Id(double.Epsilon) / 2 == 0, "overflow and underflow");

        // Conversions to integers truncate toward zero.
        Check((int)Id(2.9) == 2 && (int)Id(-2.9) == -2, "double to int truncates");
        Check((long)Id(1e15 + 0.5) == 1000000000000000L, "double to long");
        Check((uint)Id(4000000000.7) == 4000000000u, "double to uint");
        Check((ulong)Id(1.8e19) == 18000000000000000000ul, "double to ulong");
        Check((byte)(int)Id(300.5) == 44, "via int to byte");
        Check((int)IdF(-7.99f) == -7, "float to int");
        // Integers to floating point.
        long bigL = 9007199254740993L;
        Check((double)bigL == 9007199254740992.0, "long to double rounds to even");
        ulong bigU = ulong.MaxValue;
        Check((double)bigU == 18446744073709551616.0, "ulong to double");
        uint u = uint.MaxValue;
        Check((double)u == 4294967295.0 && (float)u == 4294967296f, "uint to double/float");
        int i = int.MinValue;
        Check((double)i == -2147483648.0, "int min to double");

        // float vs double precision.
        float third = IdF(1f) / 3f;
        double thirdD = Id(1.0) / 3.0;
        Check((double)third != thirdD && Math.Abs(third - thirdD) < 1e-7, "float precision");
        float big = IdF(16777216f);
        Check(big + 1f == big, "float mantissa");
        Check(Id(0.1) + Id(0.2) != 0.3 && Math.Abs(Id(0.1) + Id(0.2) - 0.3) < 1e-15, "0.1+0.2");

        // Remainder and rounding.
        Check(Id(7.5) % 2 == 1.5 && Id(-7.5) % 2 == -1.5, "double remainder");
        Check(Math.Round(Id(2.5)) == 2 && Math.Round(Id(3.5)) == 4 && Math.Round(Id(-2.5)) == -2, "banker's rounding");
        Check(Math.Floor(Id(-1.5)) == -2 && Math.Ceiling(Id(-1.5)) == -1 && Math.Truncate(Id(-1.7)) == -1, "floor/ceiling/truncate");
        Check(Math.Abs(Id(-3.25)) == 3.25 && Math.Max(Id(1), Id(2)) == 2 && Math.Min(IdF(1), IdF(-2)) == -2, "abs/max/min");

        // Math functions with exact or well-known results.
        Check(Math.Sqrt(Id(144)) == 12 && Math.Pow(Id(2), 10) == 1024, "sqrt/pow");
        Check(Math.Abs(SqrtNewton(2) - Math.Sqrt(2)) < 1e-15, "newton sqrt");
        Check(Math.Abs(Math.Sin(Id(Math.PI / 6)) - 0.5) < 1e-15 && Math.Abs(Math.Cos(Id(0)) - 1) < 1e-15, "trig");
        Check(Math.Abs(Math.Exp(Math.Log(Id(10))) - 10) < 1e-13, "exp/log");
        Check(Math.Abs(Integrate(x => x * x, 0, 3, 3000) - 9) < 1e-5, "trapezoid integral");
        Check(Horner(new double[] { 1, -3, 0, 2 }, 2.5) == 1 - 7.5 + 31.25, "horner");

        // Formatting (round-trippable shortest form in .NET Core 3.0+).
        string s = Id(0.1).ToString(System.Globalization.CultureInfo.InvariantCulture) + " "
            + Id(1.0 / 3).ToString(System.Globalization.CultureInfo.InvariantCulture) + " "
            + IdF(0.1f).ToString(System.Globalization.CultureInfo.InvariantCulture) + " "
            + Id(1e21).ToString(System.Globalization.CultureInfo.InvariantCulture) + " "
            + Id(-0.0).ToString(System.Globalization.CultureInfo.InvariantCulture) + " "
            + Id(double.NaN).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Console.WriteLine(s);
        Check(s == "0.1 0.3333333333333333 0.1 1E+21 -0 NaN", "formatting: " + s);
        Check(double.Parse("2.5e-3", System.Globalization.CultureInfo.InvariantCulture) == 0.0025, "parse");

        // Accumulation loop with mixed float/double/int.
        double acc = 0; float accF = 0;
        for (int k = 1; k <= 1000; k++) { acc += 1.0 / k; accF += 1f / k; }
        Check(Math.Abs(acc - 7.485470860550345) < 1e-12 && Math.Abs(accF - 7.4854708f) < 1e-4, "harmonic sum");
        Console.WriteLine(acc.ToString("F10", System.Globalization.CultureInfo.InvariantCulture));

        // Comparisons feeding branches, including unordered.
        int lt = 0, ge = 0, unordered = 0;
        double[] vals = { -1, 0, 1, double.NaN, double.PositiveInfinity, -0.0 };
        foreach (double a in vals)
            foreach (double b in vals)
            {
                if (a < b) lt++;
                else if (a >= b) ge++;
                else unordered++;
            }
        Check(lt == 9 && ge == 16 && unordered == 11, "comparison counts " + lt + " " + ge + " " + unordered);

        Console.WriteLine(failures == 0 ? "floating ok" : "floating FAILED");
        return failures == 0 ? 100 : 1;
    }
}
