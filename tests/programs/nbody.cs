// Floating-point heavy simulation: the classic n-body benchmark (double
// arithmetic, struct-free class fields, sqrt), a small matrix LU solve and
// a Mandelbrot count. Results compared against published values.
using System;

class Body
{
    public double X, Y, Z, Vx, Vy, Vz, Mass;
}

static class NBody
{
    static int failures;
    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    const double Pi = 3.141592653589793;
    const double SolarMass = 4 * Pi * Pi;
    const double DaysPerYear = 365.24;

    static Body[] CreateBodies()
    {
        Body[] bodies =
        {
            new Body { Mass = SolarMass },
            new Body { X = 4.84143144246472090e+00, Y = -1.16032004402742839e+00, Z = -1.03622044471123109e-01,
                       Vx = 1.66007664274403694e-03 * DaysPerYear, Vy = 7.69901118419740425e-03 * DaysPerYear,
                       Vz = -6.90460016972063023e-05 * DaysPerYear, Mass = 9.54791938424326609e-04 * SolarMass },
            new Body { X = 8.34336671824457987e+00, Y = 4.12479856412430479e+00, Z = -4.03523417114321381e-01,
                       Vx = -2.76742510726862411e-03 * DaysPerYear, Vy = 4.99852801234917238e-03 * DaysPerYear,
                       Vz = 2.30417297573763929e-05 * DaysPerYear, Mass = 2.85885980666130812e-04 * SolarMass },
            new Body { X = 1.28943695621391310e+01, Y = -1.51111514016986312e+01, Z = -2.23307578892655734e-01,
                       Vx = 2.96460137564761618e-03 * DaysPerYear, Vy = 2.37847173959480950e-03 * DaysPerYear,
                       Vz = -2.96589568540237556e-05 * DaysPerYear, Mass = 4.36624404335156298e-05 * SolarMass },
            new Body { X = 1.53796971148509165e+01, Y = -2.59193146099879641e+01, Z = 1.79258772950371181e-01,
                       Vx = 2.68067772490389322e-03 * DaysPerYear, Vy = 1.62824170038242295e-03 * DaysPerYear,
                       Vz = -9.51592254519715870e-05 * DaysPerYear, Mass = 5.15138902046611451e-05 * SolarMass },
        };
        double px = 0, py = 0, pz = 0;
        foreach (Body b in bodies) { px += b.Vx * b.Mass; py += b.Vy * b.Mass; pz += b.Vz * b.Mass; }
        bodies[0].Vx = -px / SolarMass; bodies[0].Vy = -py / SolarMass; bodies[0].Vz = -pz / SolarMass;
        return bodies;
    }

    static void Advance(Body[] bodies, double dt)
    {
        for (int i = 0; i < bodies.Length; i++)
        {
            Body a = bodies[i];
            for (int j = i + 1; j < bodies.Length; j++)
            {
                Body b = bodies[j];
                double dx = a.X - b.X, dy = a.Y - b.Y, dz = a.Z - b.Z;
                double d2 = dx * dx + dy * dy + dz * dz;
                double mag = dt / (d2 * Math.Sqrt(d2));
                a.Vx -= dx * b.Mass * mag; a.Vy -= dy * b.Mass * mag; a.Vz -= dz * b.Mass * mag;
                b.Vx += dx * a.Mass * mag; b.Vy += dy * a.Mass * mag; b.Vz += dz * a.Mass * mag;
            }
        }
        foreach (Body b in bodies) { b.X += dt * b.Vx; b.Y += dt * b.Vy; b.Z += dt * b.Vz; }
    }

    static double Energy(Body[] bodies)
    {
        double e = 0;
        for (int i = 0; i < bodies.Length; i++)
        {
            Body a = bodies[i];
            e += 0.5 * a.Mass * (a.Vx * a.Vx + a.Vy * a.Vy + a.Vz * a.Vz);
            for (int j = i + 1; j < bodies.Length; j++)
            {
                Body b = bodies[j];
                double dx = a.X - b.X, dy = a.Y - b.Y, dz = a.Z - b.Z;
                e -= a.Mass * b.Mass / Math.Sqrt(dx * dx + dy * dy + dz * dz);
            }
        }
        return e;
    }

    static double[] Solve(double[,] m, double[] rhs)
    {
        int n = rhs.Length;
        var a = (double[,])m.Clone();
        var b = (double[])rhs.Clone();
        for (int k = 0; k < n; k++)
        {
            int pivot = k;
            for (int i = k + 1; i < n; i++) if (Math.Abs(a[i, k]) > Math.Abs(a[pivot, k])) pivot = i;
            for (int j = 0; j < n; j++) { double t = a[k, j]; a[k, j] = a[pivot, j]; a[pivot, j] = t; }
            double tb = b[k]; b[k] = b[pivot]; b[pivot] = tb;
            for (int i = k + 1; i < n; i++)
            {
                double f = a[i, k] / a[k, k];
                for (int j = k; j < n; j++) a[i, j] -= f * a[k, j];
                b[i] -= f * b[k];
            }
        }
        var x = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int j = i + 1; j < n; j++) s -= a[i, j] * x[j];
            x[i] = s / a[i, i];
        }
        return x;
    }

    static int Mandelbrot(int size, int maxIter)
    {
        int inside = 0;
        for (int py = 0; py < size; py++)
            for (int px = 0; px < size; px++)
            {
                double cr = 2.0 * px / size - 1.5, ci = 2.0 * py / size - 1.0;
                double zr = 0, zi = 0;
                int it = 0;
                while (it < maxIter && zr * zr + zi * zi <= 4.0)
                {
                    double t = zr * zr - zi * zi + cr;
                    zi = 2 * zr * zi + ci;
                    zr = t;
                    it++;
                }
                if (it == maxIter) inside++;
            }
        return inside;
    }

    static int Main()
    {
        Body[] bodies = CreateBodies();
        double e0 = Energy(bodies);
        for (int i = 0; i < 1000; i++) Advance(bodies, 0.01);
        double e1 = Energy(bodies);
        string s0 = e0.ToString("F9", System.Globalization.CultureInfo.InvariantCulture);
        string s1 = e1.ToString("F9", System.Globalization.CultureInfo.InvariantCulture);
        Console.WriteLine(s0 + " " + s1);
        Check(s0 == "-0.169075164", "initial energy " + s0);
        Check(s1 == "-0.169087605", "energy after 1000 steps (benchmarks game reference) " + s1);

        double[,] m = { { 2, 1, -1 }, { -3, -1, 2 }, { -2, 1, 2 } };
        double[] x = Solve(m, new double[] { 8, -11, -3 });
        Check(Math.Abs(x[0] - 2) < 1e-12 && Math.Abs(x[1] - 3) < 1e-12 && Math.Abs(x[2] + 1) < 1e-12, "linear solve");

        int inside = Mandelbrot(200, 200);
        Console.WriteLine("mandelbrot " + inside);
        // Area of the set is about 1.5066 of the 4.0 sampled: about 15066 of 40000 points.
        Check(inside > 14900 && inside < 15500, "mandelbrot area " + inside);

        Console.WriteLine(failures == 0 ? "nbody ok" : "nbody FAILED");
        return failures == 0 ? 100 : 1;
    }
}
