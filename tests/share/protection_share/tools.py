"""Running the third-party tools.

LibreOffice and node start slowly: each queues its jobs and runs them all in one session. The
other tools run once per file through run(), whose stderr stays in the error if one fails.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import time


def run(args, cwd=None, env=None, stdin=None):
    subprocess.run(args, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                   stdin=stdin if stdin is not None else subprocess.DEVNULL, timeout=600)


class LibreOffice:
    """One soffice process driven through UNO: loads a document, stores it with a password."""

    def __init__(self, tmp: str):
        self.tmp, self.jobs = tmp, []

    def add(self, src: bytes, src_ext: str, filt: str, ext: str, password: str) -> int:
        self.jobs.append((src, src_ext, filt, ext, password))
        return len(self.jobs) - 1

    def run(self) -> list[bytes]:
        import uno
        from com.sun.star.beans import PropertyValue
        work = os.path.join(self.tmp, "lo")
        os.makedirs(work)
        pipe = f"protshare_{os.getpid()}"
        proc = subprocess.Popen(["soffice", "--headless", "--invisible", "--norestore",
                                 f"-env:UserInstallation=file://{work}/profile",
                                 f"--accept=pipe,name={pipe};urp;"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def prop(name, value):
            p = PropertyValue()
            p.Name, p.Value = name, value
            return p
        try:
            local = uno.getComponentContext()
            resolver = local.ServiceManager.createInstanceWithContext(
                "com.sun.star.bridge.UnoUrlResolver", local)
            for _ in range(240):
                try:
                    ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                    break
                except Exception:
                    time.sleep(0.5)
            else:
                raise RuntimeError("soffice did not come up")
            desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
            out = []
            for i, (src, src_ext, filt, ext, password) in enumerate(self.jobs):
                sp, dp = os.path.join(work, f"s{i}.{src_ext}"), os.path.join(work, f"d{i}.{ext}")
                with open(sp, "wb") as f:
                    f.write(src)
                doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(sp), "_blank", 0,
                                                   (prop("Hidden", True),))
                doc.storeToURL(uno.systemPathToFileUrl(dp),
                               (prop("FilterName", filt), prop("Password", password)))
                doc.close(True)
                with open(dp, "rb") as f:
                    out.append(f.read())
            try:
                desktop.terminate()
            except Exception:
                pass   # the bridge drops as soffice exits
            proc.wait(timeout=60)
            return out
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


ENCRYPT_JS = """
const fs = require('fs');
const officeCrypto = require(process.argv[2]);
for (const job of JSON.parse(fs.readFileSync(process.argv[3], 'utf8'))) {
  const options = {password: job.password};
  if (job.type === 'standard') options.type = 'standard';
  fs.writeFileSync(job.dst, officeCrypto.encrypt(fs.readFileSync(job.src), options));
}
"""


class OfficeCrypto:
    """officecrypto-tool (npm): OOXML encrypted Agile or Standard."""

    def __init__(self, tmp: str, npm_dir: str):
        self.tmp, self.module, self.jobs = tmp, os.path.join(npm_dir, "node_modules", "officecrypto-tool"), []

    def available(self) -> bool:
        return shutil.which("node") is not None and os.path.isfile(os.path.join(self.module, "package.json"))

    def add(self, src: bytes, ext: str, kind: str, password: str) -> int:
        self.jobs.append((src, ext, kind, password))
        return len(self.jobs) - 1

    def run(self) -> list[bytes]:
        work = os.path.join(self.tmp, "occ")
        os.makedirs(work)
        jobs = []
        for i, (src, ext, kind, password) in enumerate(self.jobs):
            sp, dp = os.path.join(work, f"s{i}.{ext}"), os.path.join(work, f"d{i}.{ext}")
            with open(sp, "wb") as f:
                f.write(src)
            jobs.append({"src": sp, "dst": dp, "type": kind, "password": password})
        with open(os.path.join(work, "jobs.json"), "w") as f:
            json.dump(jobs, f)
        with open(os.path.join(work, "encrypt.js"), "w") as f:
            f.write(ENCRYPT_JS)
        run(["node", os.path.join(work, "encrypt.js"), self.module, os.path.join(work, "jobs.json")])
        out = []
        for j in jobs:
            with open(j["dst"], "rb") as f:
                out.append(f.read())
        return out
