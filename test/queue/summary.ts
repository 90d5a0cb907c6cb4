/** The one summary line of `npm run test:queue`, from the figures the checks reported. */
import type { QueueReport } from './checks/context';
import { seconds } from './lib/deliveries';

function duration(ms: number): string {
	const total = Math.round(ms / 1000);
	return `${Math.floor(total / 60)}m${String(total % 60).padStart(2, '0')}s`;
}

export function summaryLine(report: QueueReport, passed: number, total: number): string {
	const parts: string[] = [`test:queue ${passed === total ? 'OK' : 'FAILED'}: ${passed}/${total} checks in ${duration(report.totalMs ?? 0)}`];
	const d = report.deliveries;
	if (d) {
		const workers = Object.entries(d.perWorker)
			.map(([name, count]) => `${name} ${count}`)
			.join(', ');
		parts.push(
			`deliveries ${d.sent} sent / ${d.acknowledged} acknowledged / ${d.executedOnce} executed once (${workers}), ` +
				`ack p50 ${seconds(d.ackP50Ms)} p99 ${seconds(d.ackP99Ms)}`,
		);
	}
	const b = report.baseline;
	if (b) parts.push(`n8n Webhook node baseline: ack p50 ${seconds(b.ackP50Ms)} p99 ${seconds(b.ackP99Ms)}`);
	const f = report.forged;
	if (f) parts.push(`forged ${f.rejected401}/${f.sent} rejected 401, ${f.executions} executions`);
	const r = report.resent;
	if (r) {
		parts.push(
			`re-sent: Terra retry ${r.retryAttempts} copies → ${r.retryExecutions} executions, simultaneous ${r.duplicateCopies} → ${r.duplicateExecutions}`,
		);
	}
	const a = report.actions;
	if (a) {
		parts.push(
			`Terra node on workers: sleep ${a.sleepAnswered}/${a.sleepUsers} users, all connected users in one node ${a.allUsersPulled}/${a.sleepUsers}, ` +
				`${a.users} users in ${a.userPages} pages, ` +
				`${a.labReportsUploaded}/2 lab-report uploads from binary data`,
		);
	}
	const l = report.largeRequest;
	if (l) parts.push(`large request ${l.executedOnce}/${l.deliveries} deliveries executed once (${l.chunks} chunks)`);
	const k = report.workerKill;
	if (k) {
		const statuses = Object.entries(k.statusAfterRecovery).map(([status, count]) => `${count} ${status}`).join(', ');
		parts.push(
			`worker killed (acknowledge when stored): ${k.acknowledged}/${k.sent} acknowledged, ${k.lost} lost by data, ${k.held} held → Bull failed them` +
				(k.stalledAfterMs !== undefined ? ` after ${seconds(k.stalledAfterMs)}` : '') +
				`, ${k.rerunElsewhere} re-run, ${statuses || 'none final'}, ${k.heldKeepingDeliveryData} kept the delivery’s data`,
		);
	}
	const g = report.workerKillFinished;
	if (g) {
		parts.push(
			`worker killed (acknowledge when workflow finishes): ${g.acknowledged}/${g.sent} acknowledged, ${g.lost} lost by data, ` +
				`${g.held} held → ${g.resent} re-sent, ${g.rerunToSuccess} run again to success once`,
		);
	}
	const s = report.stack;
	if (s) parts.push(`stack ready in ${seconds(s.readyMs)} (n8n processes ${seconds(s.n8nProcessesMs)})`);
	return parts.join(' · ');
}
