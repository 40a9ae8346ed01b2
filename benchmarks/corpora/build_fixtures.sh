#!/bin/sh
# Rebuild the committed test fixtures (tests/fixtures/fields/) from the field banks.
# Run from the repository root: sh benchmarks/corpora/build_fixtures.sh
set -e
GEN="python benchmarks/corpora/make_corpus.py"
OUT=tests/fixtures/fields
$GEN vr --records 60 --seed 1 --format refworks --out $OUT/vr.txt
$GEN art --records 60 --seed 1 --format endnote --out $OUT/art.txt
$GEN linguistics --records 60 --seed 1 --format refworks --out $OUT/linguistics.txt
$GEN deeplearning --records 60 --seed 1 --format endnote --out $OUT/deeplearning.txt
$GEN management --records 60 --seed 1 --format refworks --out $OUT/management.txt
$GEN telecom5g --records 60 --seed 1 --format endnote --out $OUT/telecom5g.txt
$GEN vr art linguistics management --records 40 --seed 2 --format alternate --prefix mixed- --out $OUT/mixed/
