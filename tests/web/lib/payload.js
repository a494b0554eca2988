// The script-injection payloads the importer writes into one listing, and
// the made-up word that finds it.
export const PAYLOAD_WORD = 'Zyxqvorn';
export const PAYLOAD_TITLE = `${PAYLOAD_WORD} <script>window.__hamkorXss=1</script><img src=x onerror="window.__hamkorXss=2"> "quoted" & <b>bold</b>`;
export const PAYLOAD_DESCRIPTION = `<iframe src="javascript:window.__hamkorXss=3"></iframe> ${PAYLOAD_WORD} description <svg onload="window.__hamkorXss=4">`;
