#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""SGP4 states from the python3-sgp4 package (an independent implementation of the same method),
to check sagin's SGP4 propagator, sagin-orbit and Sgp4MobilityModel against.

Usage:
  sgp4-reference.py --tle=FILE --minutes=START:STOP:STEP
      Prints the same CSV as sagin-orbit, name,minutes,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s:
      every element set of FILE at START + i*STEP <= STOP minutes since its own epoch
      (Satrec.sgp4_tsince).
  sgp4-reference.py --tle=FILE --epoch=YYYY-MM-DDTHH:MM:SS --seconds=T1,T2,...
      Prints name,seconds,x_km,...: every element set at T seconds after the UTC instant EPOCH
      (Satrec.sgp4 with a two-part Julian date).
Positions and velocities are TEME, in km and km/s, with WGS-72 and the "improved" mode, the
defaults of Satrec.twoline2rv. A time at which SGP4 reports an error gives the row name,TIME,error.
"""
import sys

from sgp4.api import Satrec, jday


def element_sets(path):
    """Yield (name, line1, line2) for each element set of the file; name may be ''."""
    name = ""
    lines = [line.rstrip() for line in open(path)]
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line:
            i += 1
        elif line.startswith("1 "):
            yield name, line, lines[i + 1]
            name = ""
            i += 2
        else:
            name = line[2:] if line.startswith("0 ") else line
            i += 1


def main():
    options = {}
    for arg in sys.argv[1:]:
        key, _, value = arg.partition("=")
        if key not in ("--tle", "--minutes", "--epoch", "--seconds"):
            sys.exit(f"sgp4-reference.py: unknown argument {arg}")
        options[key] = value
    if "--minutes" in options:
        start, stop, step = (float(x) for x in options["--minutes"].split(":"))
        header = "minutes"
        times = []
        while start + len(times) * step <= stop:
            times.append(start + len(times) * step)
    else:
        header = "seconds"
        times = [float(x) for x in options["--seconds"].split(",")]
        date, clock = options["--epoch"].rstrip("Z").split("T")
        year, month, day = (int(x) for x in date.split("-"))
        hour, minute, second = clock.split(":")
        jd, fr = jday(year, month, day, int(hour), int(minute), float(second))

    print(f"name,{header},x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s")
    for name, line1, line2 in element_sets(options["--tle"]):
        satellite = Satrec.twoline2rv(line1, line2)
        label = name or str(satellite.satnum)
        if "," in label or '"' in label:
            label = '"' + label.replace('"', '""') + '"'
        for t in times:
            if header == "minutes":
                error, r, v = satellite.sgp4_tsince(t)
            else:
                error, r, v = satellite.sgp4(jd, fr + t / 86400.0)
            if error:
                print(label, repr(t), "error", sep=",")
                continue
            print(label, repr(t), *(repr(x) for x in (*r, *v)), sep=",")


if __name__ == "__main__":
    main()
