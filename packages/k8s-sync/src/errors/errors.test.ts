import { errorClassProblems } from '@mtlsctl/errors/testing';
import { describe, expect, it } from 'vitest';
import * as k8sSync from '../index.js';

describe('k8s-sync errors', () => {
  it('every exported error class: isInstance true only for its own instances, published codes, one message style', () => {
    const samples = [
      new k8sSync.InvalidSyncOptionError('refreshInterval', 'it is not a Go duration such as 1h'),
      new k8sSync.KubernetesError('KUBE_FORBIDDEN', 'the cluster refused: forbidden to get secrets in namespace haproxy', 403),
    ];
    expect(errorClassProblems(k8sSync, samples)).toEqual([]);
  });
});
