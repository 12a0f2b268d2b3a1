#!/usr/bin/env bash
# The smoke suite: a day at the desk through a salesdesk binary as an office runs it, on the
# platform at hand or under an emulator. Usage: .ci/smoke.sh BINARY [RUNNER...], for example
#   .ci/smoke.sh target/release/salesdesk
#   .ci/smoke.sh target/wine/salesdesk.exe /usr/lib/wine/wine64
#   .ci/smoke.sh target/aarch64-unknown-linux-gnu/debug/salesdesk qemu-aarch64-static -L /usr/aarch64-linux-gnu
# A GBK file and an .xlsx workbook are imported too. Everything happens in a folder with
# Chinese and a space in its name; the files are named relative to it, so that the same lines
# hold for Windows under Wine. Prints the median time of a visit at the end (SMOKE_VISITS
# visits are timed, default 5).
set -euo pipefail

bin=$(realpath "$1")
shift
runner=("$@")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
folder="销售 台账"
mkdir "$folder"
db="$folder/翠湖苑 一期.db"

sd() { "${runner[@]}" "$bin" "$@"; }

# Runs salesdesk on $db, wanting exit code $1; prints what it said.
expect() {
    local want=$1
    shift
    local said got=0
    said=$(sd --db "$db" "$@" 2>&1) || got=$?
    if [ "$got" != "$want" ]; then
        echo "smoke: FAILED (exit $got, wanted $want): salesdesk $*" >&2
        printf '%s\n' "$said" >&2
        exit 1
    fi
    printf '%s\n' "$said"
}

# Fails unless $1 holds $2.
holds() {
    if ! grep -qF -- "$2" <<<"$1"; then
        echo "smoke: FAILED: wanted \"$2\" in:" >&2
        printf '%s\n' "$1" >&2
        exit 1
    fi
}

echo "smoke: $(sd --version) ${runner[*]:-native}"

# A day at the desk.
for rep in 王芳 李娜 张伟; do expect 0 --at "2026-11-23 08:00" rep add "$rep" >/dev/null; done
expect 0 --at "2026-11-23 08:30" roster set 王芳 李娜 张伟 >/dev/null
holds "$(expect 0 --at "2026-11-23 09:05" visit 陈先生 --phone 13800000001)" "王芳 — next in the rotation"
holds "$(expect 0 --at "2026-11-23 09:40" visit 刘女士 --phone 13900000002)" "李娜 — next in the rotation"
holds "$(expect 0 --at "2026-11-23 10:15" visit 陈先生 --phone 13800000001)" "returning customer, registered by 王芳"

# A complaint.
holds "$(expect 0 --at "2026-11-23 11:00" complaint new --phone 13800000001 --channel onsite \
    --category quality --amount 3000 窗户渗水)" "complaint 1"

# A report into a file named after its period, and an Excel-mode export.
expect 0 --at "2026-11-24 08:30" report daily --bom --output "$folder/daily-{period}.csv" >/dev/null
holds "$(cat "$folder/daily-2026-11-23.csv")" "王芳"
expect 0 --at "2026-11-24 08:35" --full-phone export visits --bom --output "$folder/来访 登记.csv" >/dev/null
holds "$(cat "$folder/来访 登记.csv")" "陈先生"

# Its re-import into a fresh database, and a GBK file as Excel saves it in China.
fresh="$folder/新 项目.db"
printf 'name\n王芳\n李娜\n张伟\n' | iconv -f UTF-8 -t GBK >"$folder/顾问 名单.csv"
holds "$(sd --db "$fresh" --at "2026-11-24 09:00" import reps "$folder/顾问 名单.csv" 2>&1)" "3 imported"
holds "$(sd --db "$fresh" --at "2026-11-24 09:01" import visits "$folder/来访 登记.csv" 2>&1)" "3 imported"
holds "$(sd --db "$fresh" --format csv customer list 2>&1)" "刘女士"

# A workbook as Excel saves it (.xlsx, written here with inline strings).
python3 - "$folder/顾问 名单.xlsx" <<'PY'
import sys, zipfile
rows = [["name"], ["周敏"], ["吴刚"]]
cells = "".join(
    f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{v[0]}</t></is></c></row>'
    for r, v in enumerate(rows, 1))
ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
with zipfile.ZipFile(sys.argv[1], "w") as book:
    book.writestr("[Content_Types].xml",
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '</Types>')
    book.writestr("_rels/.rels",
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    book.writestr("xl/workbook.xml",
        f'<workbook {ns} xmlns:r="{rel}"><sheets><sheet name="顾问" sheetId="1" r:id="rId1"/></sheets></workbook>')
    book.writestr("xl/_rels/workbook.xml.rels",
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    book.writestr("xl/worksheets/sheet1.xml", f'<worksheet {ns}><sheetData>{cells}</sheetData></worksheet>')
PY
holds "$(sd --db "$fresh" --at "2026-11-24 09:02" import reps "$folder/顾问 名单.xlsx" 2>&1)" "2 imported"
holds "$(sd --db "$fresh" rep list 2>&1)" "吴刚"

# A backup, opened as a database of its own.
expect 0 backup "$folder/备份 11-24.db" >/dev/null
holds "$(sd --db "$folder/备份 11-24.db" customer list 2>&1)" "陈先生"

# Bad input is refused with exit 2, nothing written.
holds "$(expect 2 --at "2026-11-23 12:00" visit 某人 --phone 123)" "--phone"

# A network file system is refused (exit 1), through the stand-in for statfs.
holds "$(SALESDESK_FS_TYPE_FOR_TESTS=0x6969 expect 1 rep list)" "network file system (NFS)"
if [[ "$bin" == *.exe ]]; then
    # The Windows path itself: a UNC path is a share, a drive letter with backslashes is not.
    holds "$(sd --db '\\fileserver\sales\desk.db' rep add 某人 2>&1 || true)" "UNC path"
    windows_db="Z:$(pwd | tr / '\\')\\$folder\\翠湖苑 一期.db"
    holds "$(sd --db "$windows_db" rep list 2>&1)" "张伟"
fi

# The visit's time: the median of a few.
times=()
for i in $(seq 1 "${SMOKE_VISITS:-5}"); do
    start=$(date +%s%N)
    expect 0 --at "2026-11-23 14:$(printf %02d "$i")" visit "客户$i" --phone "1370000000$((i % 10))" >/dev/null
    times+=($(( ($(date +%s%N) - start) / 1000000 )))
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (${#times[@]} + 1) / 2 ))p")
echo "smoke: passed; visit median ${median} ms (${times[*]})"
